"""Couch stretch: the half-kneeling stretch made deeper, the back knee in the corner of a wall or
couch with the shin up against it, so the rectus femoris is stretched with the iliopsoas.

The same rules as the half-kneeling hip flexor stretch (kneeling neutral, tailbone tucked, hips
forward, trunk upright, front knee near 90 deg, "tuck not checked" where the pelvis is not seen),
plus the back knee kept deeply bent; held 1-2 minutes a side. The back thigh's extension with
good form is the progress measure: "bring the back knee toward the wall" by bringing the hips
forward until the thigh passes vertical.
"""

from __future__ import annotations

from dataclasses import dataclass

from romcam.activities.kneeling_stretch import (FAULT_CUES, KNEELING_PELVIS, KNEELING_READOUTS, TUCK_NOT_CHECKED,
                                                KneelingRules, KneelingSession, analyse)
from romcam.activities.registry import Activity, Readout, register
from romcam.settings import setting


@dataclass(frozen=True)
class CouchRules(KneelingRules):
    back_knee_min_deg: float = setting(100.0, "deg", "back knee flexion below this: knee-down (the shin "
                                       "has come away from the wall)", 0, 180)
    hold_s: float = setting(60.0, "s", "seconds with good form per hold (the protocol: 1-2 min)", 1, 600)
    sets_per_side: int = setting(1, "count", "holds per side", 1, 10)
    back_thigh_max_deg: float = setting(20.0, "deg", "kneeling neutral only with the back thigh within this of "
                                        "vertical", 0, 60)


class CouchSession(KneelingSession):
    turn_message = "Well done. Stand up, switch legs and turn round: the other shin up the wall, nearer the camera"
    position_line = "Back knee into the corner, {side} shin up the wall, the other foot flat in front"
    good_line = "Good: tailbone tucked, hips forward, back knee toward the wall - breathe"


ACTIVITY = register(Activity(
    name="couch-stretch",
    kind="exercise",
    summary="couch stretch: the back knee in the corner of a wall or couch, shin up the wall, hips forward",
    posture="kneeling",
    config_type=CouchRules,
    session=lambda rules, options: CouchSession(ACTIVITY, rules, options),
    analyse=analyse,
    meanings=dict(FAULT_CUES) | {"tuck not checked": TUCK_NOT_CHECKED},
    pelvis_default=KNEELING_PELVIS,
    readouts=KNEELING_READOUTS + (Readout("{side} knee", "{side}_knee_flexion_deg"),),
))
