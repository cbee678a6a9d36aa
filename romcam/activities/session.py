"""The shape every live session shares: setup check, one side, turn round, the other side, done.

An activity's session subclasses SidedSession and fills in what is its own: what to do when a
side begins, the work of one frame, when a side is complete and the closing lines. It owns no
camera and draws nothing: the live loop feeds it one LiveState per frame and draws its Guidance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from romcam.activities.blocks import HOLD_STILL, OTHER, Guidance, SetupGate, TurnRound

if TYPE_CHECKING:
    from romcam.activities.registry import Activity, SessionOptions
    from romcam.pipeline.frame_state import LiveState


class SidedSession:
    turns_round = True  # standing: the other side is tested after turning round
    turn_message = "Well done. Now turn around to face the other way"

    def __init__(self, activity: Activity, config: Any, options: SessionOptions) -> None:
        self.activity, self.config, self.options = activity, config, options
        self.gate = SetupGate(activity.posture, options.setup)
        self.phase = "setup"
        self.side: str | None = None
        self.sides_done: list[str] = []
        self.turn: TurnRound | None = None

    def update(self, t_s: float, state: LiveState, image: np.ndarray) -> Guidance:
        if self.phase == "done":
            return self.finished()
        if self.phase == "turn":
            if self.turn.update(t_s, self.shown_side(state)):
                self.side, self.phase = self.turn.target, "setup"
                self.gate = SetupGate(self.activity.posture, self.options.setup)
            return self.turn.guidance()
        problems = self.gate.update(t_s, state, image)
        view = self.view_problems(state) if self.phase == "setup" else []
        if view:
            problems = view + [p for p in problems if p != HOLD_STILL]
        if problems and not self.busy():
            return self.on_problems(t_s, problems)
        if self.phase == "setup":
            self.side = self.side or self.shown_side(state)
            self.begin_side(self.side)
            self.phase = "work"
        guidance = self.work(t_s, state)
        if not self.side_complete():
            return guidance
        self.sides_done.append(self.side)
        if self.turns_round and self.options.both_sides and len(self.sides_done) == 1:
            self.phase, self.turn = "turn", TurnRound(OTHER[self.side], self.options.setup.ok_s)
            return Guidance("turn", [self.turn_message], new_trials=guidance.new_trials)
        self.phase = "done"
        return self.finished(guidance.new_trials)

    # ---- what each activity fills in ----------------------------------------------------------

    def shown_side(self, state: LiveState) -> str | None:
        """The side being worked as the camera sees it: the near leg, seen side-on."""
        return state.near_side if state.pose is not None else None

    def view_problems(self, state: LiveState) -> list[str]:
        """Problems of the view that this activity's measurement cannot accept (setup only)."""
        return []

    def busy(self) -> bool:
        """True while a movement is under way: it is followed to its end despite setup problems."""
        return False

    def on_problems(self, t_s: float, problems: list[str]) -> Guidance:
        return Guidance(self.phase, problems, alert=problems[0] != HOLD_STILL)

    def begin_side(self, side: str) -> None:
        raise NotImplementedError

    def work(self, t_s: float, state: LiveState) -> Guidance:
        raise NotImplementedError

    def side_complete(self) -> bool:
        raise NotImplementedError

    def finished(self, new: list | None = None) -> Guidance:
        raise NotImplementedError

    def result(self) -> Any:
        raise NotImplementedError
