"""The few lines and the timeline a result is told in (CLI and the annotated video's end card)."""

from romcam.render.outcome import COUNTED, NOT_COUNTED, outcome_lines, timeline_spans, trial_lines

HIP = {"norm_deg": [10, 15],
       "summary": {"right": {"verdict": "compensated", "peak_thigh_vs_vertical_deg": 12.4, "flags": ["trunk-lean"]}},
       "trials": [{"side": "right", "start_s": 1.0, "peak_s": 1.5, "end_s": 2.0, "peak_thigh_vs_vertical_deg": 12.4,
                   "verdict": "compensated", "flags": ["trunk-lean"]}]}


def test_a_test_is_told_per_side_and_per_trial():
    assert outcome_lines(HIP) == ["right leg: compensated (12.4 deg, normal 10-15) trunk-lean"]
    assert trial_lines(HIP) == ["trial 1: right leg at 1.5 s, 12.4 deg, compensated (trunk-lean)"]


def test_reps_and_holds_are_told_too():
    reps = {"summary": {"left": {"counted": 3, "attempted": 4, "target": 10}},
            "reps": [{"side": "left", "peak_s": 2.0, "counted": True, "faults": []},
                     {"side": "left", "peak_s": 6.0, "counted": False, "faults": ["knee-bent"]}]}
    assert outcome_lines(reps) == ["left leg: 3 of 4 reps counted"]
    assert trial_lines(reps)[1] == "rep 2: left leg at 6.0 s, not counted (knee-bent)"
    holds = {"holds": [{"side": "right", "held_s": 7.23, "target_s": 30.0, "breaks": 1}]}
    assert outcome_lines(holds) == ["right leg: 7.2 of 30 s held with good form (1 break)"]


def test_timeline_marks_each_trial_and_rep_where_it_happened():
    spans = timeline_spans(HIP, 4.0, {"compensated": "#c62828"})
    assert spans == [(0.25, 0.5, "#c62828")]
    reps = {"reps": [{"peak_s": 5.0, "counted": True}, {"peak_s": 9.99, "counted": False}]}
    (a, b, colour), (c, d, other) = timeline_spans(reps, 10.0, {})
    assert a < 0.5 < b and colour == COUNTED and other == NOT_COUNTED and d == 1.0
    assert timeline_spans(HIP, 0.0, {}) == []
