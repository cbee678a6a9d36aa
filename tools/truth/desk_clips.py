#!/usr/bin/env python3
"""Desk-mode clips (`dk_*`): a person working at a desk, watched by a webcam on the monitor or by
a camera in the room, 2 frames per second, 4-7 minutes each, with the truth per frame of what the
person is doing (sitting, standing, away, or in transition between sitting and standing), and a
fixed tuning / held-out split of their own (`SPLIT_SEED`).

    python tools/truth/desk_clips.py --list
    python tools/truth/desk_clips.py [--out samples/truth_desk] [--only NAME ...] [--split tuning]
                                     [--round 1|2|3|4|5|6|7]  # one round's clips (dk_*, dk2_*, ..., dk7_*)
                                     [--png]      # a contact sheet and a few frames per clip
    python tools/truth/desk_clips.py --check      # pose only: the minutes and states, nothing written

Writes per clip NAME.mp4 (640x480, H.264 via PyAV, libx264 yuv420p crf 23, 2 fps: frame i is at
t = i / 2 s) and NAME.truth.json ("fps", "duration_s", "split", "split_seed", "body", "camera",
"legs_visible", "note", "segments", "minutes" and "frames", one entry per frame with "t_s",
"state", "crossed_legs", "feet_off_floor", "perch", "second_person" and the details listed in
FRAME_NOTE); with --png also NAME.sheet.png (a contact sheet: one frame every 15 s, labelled) and
NAME.fNNNN_STATE_POSE.png (the middle of each posture's first hold and of the first stand-up and
sit-down). Every run also rewrites README.md in the output folder (`write_index`).

Scene (world metres, z up, the floor at z = 0): the desk person's pelvis is at x = 0 and faces
-y, toward a desk (a box top 0.72-0.75 m high, 1.2 m wide, 0.7 m deep, on four legs, with a
modesty panel at its far side in the monitor-camera clips), a keyboard on it, a monitor box on
the far side in the room-camera clips; behind the person a chair (a box seat 0.42-0.52 m high,
0.45 m square, on four legs, with a backrest, in the room clips a foot rail between the front
legs). The background is the light wall and darker floor of raster.background, the wall far
behind everything.

Cameras (`CAMERAS`): "monitor-*" is a webcam on top of the monitor, on the far side of the desk,
0.76-0.84 m (horizontally; 0.80-0.88 m in 3D) from the sitting person's chest, 1.17-1.29 m high,
pitched 7-13 deg down, 65 deg horizontal field of view; front = straight at the person, oblique =
turned 20-30 deg about the chest to one side. The desk top hides the legs; the standing person's
head is above the picture at the desk. "room-*" cameras stand 2.3-2.6 m from the person's
pelvis, 1.15-1.35 m high, 35-50 deg off the side view toward the person's back or front
(toward the front the desk is shifted sideways so that the person sits near its end and the
legs are seen under its open side): the legs and the chair are in view.

Rendering: raster.background, then the triangles of the bodies and the props in height bands:
the horizontal planes of the seat top, the desk top, the keyboard top (and the chair's foot rail top)
split the scene, every
band is painted far to near (raster's painter's order, flat shading) from the lowest band up,
and the top faces lying in a plane are painted after the rest of their band. All cameras are
above the highest plane, so a ray from the camera crosses each plane once, from above: anything
above a plane is nearer than anything below it on the same ray, and the band order is exact; only
the order inside a band is the painter's approximation (and body triangles straddling a plane are
put in the band of their centroid). So the desk top hides the legs under it exactly, the hands
over the keyboard are never painted under it, and the passer-by is hidden by the desk where the
desk is in front of them. Frames whose scene equals the previous frame's are drawn once.

Posing (`build_pose`): anny's local-ref rotations composed as rotation matrices (not summed as
rotation vectors) from a few parameters per frame: the pelvis position and its facing (yaw) and
tilt, each thigh's pitch from the vertical (90 = horizontal, forward) and adduction, knee
flexion, each foot's pitch and toe-out in the world (0 = flat), lumbar and thoracic flexion, side
bend and twist, neck pitch, head turn and roll, and per arm the rotation vectors of
upperarm01 / lowerarm01 / wrist. The legs, knees, feet and spine start from the body's standing
neutral (scenarios.neutral_stance). Held postures are templates solved per body (`Templates`):
sitting: the pelvis lowered until the buttocks (the lowest pelvis / upper-thigh skin) touch the
seat top, the knee flexion solved so that the soles touch the floor (feet-on-floor postures);
the arms by inverse kinematics (render.reach) to the keyboard (typing), the desk top, the lap,
the face (hand on the face: the hand ends over the eyes / nose) or above the head (the stretch:
the target is out of reach, the arms end straight up, 0.13-0.25 m short of it). arm_ik_error_m in
truth.json gives the wrist's miss per posture: 1-4 cm for the sitting postures, more where the
target is out of reach (standing over the keyboard: the hands hover 8-23 cm short of it; crossed
legs, rolled back from the desk: the hands reach toward the keyboard, 3-15 cm short). Where a knee would rise into the desk top (the
crossed leg) the person sits rolled back with the chair until the legs clear the desk's edge.
Between keys every parameter is
eased (cosine, spec.ease) and posed frame by frame. Held segments carry a small continuous sway
(a sum of slow sines on the trunk, the pelvis position and the head turn / nod, the same
function for every frame, so no two held frames repeat except when the sway is switched off).

Timelines (`CLIPS`, built by `Timeline`): sitting with sub-postures (typing upright, slouched,
leaning forward toward the screen, leaning back, a hand on the face, and in the room clips crossed
legs (the left knee over the right; in round 6 also "crossed_r", the right knee over the left), feet tucked off
the floor on the chair's foot rail, perching on the front edge of the seat);
standing up (`UP_S`, 2.4 s: the person rolls back with the chair, leans forward and rises, the
chair pushed further back), standing (at the desk, sometimes typing standing or with the head
cut off by the frame; stepped back 0.45 m; a stretch with the arms overhead), sitting down
(`DOWN_S`, the reverse); walking out of the picture (a turn, then a simple gait: the thighs
swing +-22 deg, the knee bends in the swing, the arms swing, the pelvis bobs, the root moves at
1.1-1.2 m/s) and walking back in; a second person (a different body and outfit) walking across
behind the desk person, 2-3.5 m farther from the camera, across the whole view in 4-8 s.

Truth per frame: "state" from the timeline ("transition" = the frames strictly inside a stand-up
or sit-down), except that any frame in which no vertex of the desk person projects into the image
is "away" (and a frame with part of the person in view while walking is "standing"), so "away"
is exact. "crossed_legs", "perch" (and "feet_off_floor" as scripted) switch at the middle of the
eased change into or out of those postures; "feet_off_floor" is checked against the geometry
(both feet's lowest skin 3 cm or more above the floor while it is true, within 1 cm of the floor
otherwise while sitting still). "second_person": at least 5% of the passer-by's vertices project
into the image (occlusion by the desk person or the desk is not counted). The timelines are
checked so that in every whole minute (0-60 s, 60-120 s, ...) one state lasts 40 s or more.

Round 2 (`DK2_CLIPS`, `dk2_*`): a second set of 7 clips, all held out ("split": "heldout", "round": 2 in
truth.json), made after the rules were tuned on round 1, with bodies, outfits (a third look per body, the
chair and the desk in other colours), seat heights and cameras (`CAMERAS`' "*-r2" entries: monitor cameras
0.70-0.95 m away, 1.14-1.32 m high, 3-14 deg down, 10-35 deg to either side; room cameras 2.2-2.7 m away, 20-30
deg off the side view toward the front, 50 toward the back) not used in round 1. They are written to
samples/truth_desk2 unless --out is given, with a README.md of their own; --list, --only and --split cover both
rounds (--round picks one).

Round 3 (`DK3_CLIPS`, `dk3_*`): a third set of 8 clips (5-6 minutes, 44 minutes in all), all held out ("split":
"heldout", "round": 3 in truth.json), made fresh after rounds 1 and 2: the same five bodies in a fourth look each
(a light shirt close to the wall's colour, a near-black one, ...), chairs and desks in colours of their own
(`DK3_COLOURS`), passers-by in looks of their own (`PASSER_OUTFIT_R3`), seat tops 0.43-0.52 m, desk tops 0.70-0.77 m,
and cameras (`CAMERAS`' "*-r3" entries) not used before: 4 monitor cameras 0.66-0.95 m away, 1.15-1.42 m high,
2-16 deg down, 4-40 deg to either side (in two the standing head stays in the picture, in two it leaves it), a
laptop camera 0.25 m above the desk top, 0.58 m away, looking 6 deg up, and 3 room cameras 2.1-2.75 m away: 4 deg
off the side view toward the front, 50 toward the front, 60 toward the back. They are written to
samples/truth_desk3 unless --out is given, with a README.md of their own (--round 3).

Round 4 (`DK4_CLIPS`, `dk4_*`): a fourth set of 8 clips (5-6 minutes, about 45 minutes in all), all held out
("split": "heldout", "round": 4 in truth.json), made fresh after rounds 1-3: the same five bodies in a fifth look
each (a two-tone top on the tall man: the outfit's waistband colour widened over the lower torso, the shirt colour
above it and on the sleeves; a white shirt; a teal shirt close to its clip's chair; lavender and terracotta ones),
chairs and desks in colours of their own (`DK4_COLOURS`), passers-by in looks of their own (`PASSER_OUTFIT_R4`),
seat tops 0.43-0.51 m, desk tops 0.71-0.75 m, and cameras (`CAMERAS`' "*-r4" entries) not used before: 4 monitor
cameras 0.62-1.0 m away, 1.12-1.44 m high, 0-15 deg down, 3-33 deg to either side (in the high, far one the
standing head stays in the picture, in the close, low or steep ones it leaves it), a laptop camera 0.24 m above
the desk top, 0.63 m away, looking 9 deg up, and 3 room cameras 2.0-2.8 m away: 15 deg off the side view toward the
front, 25 and 45 toward the back. They are written to samples/truth_desk4 unless --out is given, with a README.md
of their own (--round 4).

Round 5 (`DK5_CLIPS`, `dk5_*`): a fifth set of 8 clips (5-6 minutes, about 44.5 minutes in all), all held out
("split": "heldout", "round": 5 in truth.json), made fresh after rounds 1-4: the same five bodies in a sixth look
each (a heather-grey shirt, salmon, sky blue, olive and navy ones), chairs and desks in colours of their own
(`DK5_COLOURS`), passers-by in looks of their own (`PASSER_OUTFIT_R5`), seat tops 0.43-0.50 m, desk tops 0.70-0.76 m,
and cameras (`CAMERAS`' "*-r5" entries) not used before: 5 monitor cameras 0.68-0.98 m away, 1.11-1.42 m high,
1-16 deg down, 6-38 deg to either side (in the high, far one the standing head stays in the picture,
in the other four it leaves it), a laptop camera 0.23 m above the desk top, 0.64 m away, turned 14 deg, looking 11
deg up, and 2 room cameras 2.2-2.5 m away: 35 deg off the side view toward the front and 10 toward the back. They
are written to samples/truth_desk5 unless --out is given, with a README.md of their own (--round 5).

Round 6 (`DK6_CLIPS`, `dk6_*`): a sixth set of 8 clips (5.5-6 minutes, about 45 minutes in all) made for judging
the LEGS at the desk, made fresh after rounds 1-5 and split half tuning / half held out ("round": 6 and a
"split_note" in truth.json): room cameras only (legs and chair in view, `legs_visible` true), the same five bodies
in a seventh look each (mint, dusty rose, cobalt, amber and grass-green shirts over trousers and shoes in colours not
used before), chairs and desks in colours of their own (`DK6_COLOURS`), passers-by in looks of their own
(`PASSER_OUTFIT_R6`, one or two per clip), seat tops 0.43-0.52 m, desk tops 0.70-0.77 m, and cameras (`CAMERAS`'
"*-r6" entries) not used before, 2.0-2.9 m from the pelvis: 10, 28 (a low one, 0.90 m high), 45 and 55 (a high
one, 1.50 m) deg off the side view toward the front and 5 (near the side view), 20, 32 and 58 toward the back (toward
the front the desk is shifted 0.16-0.26 m, `Cam.desk_dx`, instead of 0.33, so that its near legs stand clear of the
person's feet; the near side view walks out toward the camera's side, the script's ("out", side, (x, y))). The
timelines are desk work: most of the sitting in the ordinary postures, about a third in the leg postures (crossed,
crossed_r, tucked, perch; each of crossed / tucked / perch in every clip, holds of 20-35 s, five clips start with
one), a stand-up and some standing in each, six walk out and back. The split is drawn before any clip was rendered
(`splits_r6`): random.Random(20261206) picks two of the four front-side and two of the four back-side clips as
tuning, the rest are held out. They are written to samples/truth_desk6 unless --out is given, with a README.md of
their own that states the split (--round 6).

Round 7 (`DK7_CLIPS`, `dk7_*`): a seventh set of 8 clips (5.1-5.2 minutes, about 41.5 minutes in all) made for testing
romcam's per-person LEG CALIBRATION (the user, seated at the desk, is asked to sit each way once for about 15 s:
ordinary, crossed legs, feet tucked, perched; the rest of the day is judged against those four), made fresh after
rounds 1-6 and split half tuning / half held out ("round": 7 and a "split_note" in truth.json): room cameras only
(`legs_visible` true), the same five bodies (slim, old and tall twice, man and heavy once) in an eighth look each
(brick orange / denim blue, steel blue / khaki, orchid / bottle green, pale yellow / aubergine, teal / grey-green,
shoes in colours not used before), chairs and desks in colours of their own (`DK7_COLOURS`), passers-by in looks of
their own (`PASSER_OUTFIT_R7`, one or two per clip), seat tops 0.435-0.515 m and desk tops 0.705-0.765 m (values not
used in round 6), and cameras (`CAMERAS`' "*-r7" entries) not used before, 2.1-2.75 m from the pelvis: 15, 24 (a low
one, 0.90 m high), 38 and 48 (a high one, 1.42 m) deg off the side view toward the front (the desk shifted 0.12-0.20
m, `Cam.desk_dx`, so that its near legs stand 3 cm or more clear of the legs and feet in every posture) and 2 (the
side view), 22, 40 and 62 toward the back. Every clip STARTS with the calibration (`Timeline.calibrate`, the script's
("calibrate", side)): ordinary sitting (typing) 0-15 s, a 3 s change, crossed legs 18-33 s, 3 s, tucked 36-51 s, 3 s,
perched 54-69 s, then 3 s back to ordinary (the work from 72 s); the crossing side is the person's habit (side "left"
= "crossed", the left knee over the right, in four clips; "right" = "crossed_r" in the other four). truth.json:
"calibration" ({"ordinary" | "crossed" | "tucked" | "perch": [start_s, end_s]} of the holds, the changes excluded),
"calibration_side", "calibration_end_s", "calibration_legs", and per frame "part", "calibration_hold" and
"legs_variant". The calibration's postures are the templates above (the perch with the person rolled back with the
chair until the trunk clears the desk top's edge, `CAL_VAR`). The work after it (3.9-4.0 minutes) is desk work as
round 6 (most sitting in the ordinary postures, a stand-up and some standing in every clip, a walk out and back in
four) with crossed, tucked and perched each 1-2 times per clip in holds of 17-28 s, and every sitting hold's legs
varied, drawn per hold from random.Random(f"{DK7_VARIANT_SEED}:{name}") (`draw_legs_variant`) and posed by
`Templates._sit_legs_var` with the same mechanism as the templates (the buttocks on the seat top; the knee flexion
searched so that the soles meet the floor / the rail / the crossing foot's height; rolled back with the chair where a
knee or the perched trunk would meet the desk), only the targets varied: crossed: the crossing foot 0.03-0.15 m above
the floor (the template 0.07), the crossing thigh's elevation and adduction +-6 deg around the template's, and in four
clips one work crossing on the other side from the calibration's ("mirror"); tucked: each foot on the rail or hooked
3-8 cm above it further back under the seat, the knee flexion aimed at -8..+4 (rail) or +2..+8 (hooked) deg from the
template's through the foot pitch, the two feet's aims 3 deg or more apart, the thighs +-3, adduction +-4 per leg;
perched: the hips 0.10-0.20 m forward (0.16), the thighs 56-68 deg (62), the feet pitched 20-36 deg (28); ordinary:
the thighs 82-90 deg, the knee flexion aimed at 80-105 deg (the solved one the nearest the thigh / foot pitch grid
reaches with the soles on the floor, so 75-107 in the clips), the feet a little apart or together. A draw is taken
again where its targets cannot be met or where it is less plausible than the calibration's posture in the same scene
(`legs_plausible`: a foot below the floor, more leg skin inside the desk, the chair or its rail, the legs or feet
within 3 cm of the desk's legs, or the crossed legs deeper in each other). frames[].legs_variant and work_holds[] give
the solved values, the drawn ones and the difference from the calibration's. Where the eased parameters of a change
between postures (or of standing up / sitting down) would put a foot below the floor, the frame is corrected
(`lift_feet`: the leg lifted at the hip, or the body raised; truth.json "feet_floor_fix"). The split is drawn before
any clip was rendered (`splits_r7`): random.Random(20261205) picks two of the four front-side and two of the four
back-side clips as tuning, the rest are held out. They are written to samples/truth_desk7 unless --out is given, with
a README.md of their own that states the split and lists the work holds' legs (--round 7).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenarios import MAN, MAN_TALL, WOMAN_HEAVY, _key, neutral_stance  # noqa: E402
from protocol_clips import MAN_OLD_HEAVY, WOMAN_SLIM, arms_folded  # noqa: E402
from spec import ARMS_DOWN, Outfit, ease  # noqa: E402

GENERATOR = "tools/truth/desk_clips.py"
SPLIT_SEED = 20261205 + 7  # this module's own split seed
FPS = 2
WIDTH, HEIGHT = 640, 480
FOV_H = 65.0

# ---- bodies and outfits ------------------------------------------------------------------------------

BODIES = {"man": MAN, "tall": MAN_TALL, "heavy": WOMAN_HEAVY, "slim": WOMAN_SLIM, "old": MAN_OLD_HEAVY}
BODY_TEXT = {"man": "average man", "tall": "tall man", "heavy": "heavier woman", "slim": "slim woman",
             "old": "older, heavier man"}
# long trousers (the "shorts" run down to the ankles), a shirt; two looks per body
OUTFITS = {
    "man": [Outfit(skin=(224, 172, 140), shorts=(40, 48, 70), waistband=(30, 30, 30), shirt=(185, 60, 55),
                   shoes=(40, 40, 45), hair=(70, 48, 32), shorts_bottom_frac=1.9),
            Outfit(skin=(224, 172, 140), shorts=(120, 110, 90), waistband=(60, 50, 40), shirt=(60, 120, 80),
                   shoes=(70, 50, 35), hair=(70, 48, 32), shorts_bottom_frac=1.9)],
    "tall": [Outfit(skin=(232, 190, 160), shorts=(35, 40, 55), waistband=(20, 20, 20), shirt=(70, 110, 190),
                    shoes=(30, 30, 30), hair=(150, 110, 70), shorts_bottom_frac=1.9),
             Outfit(skin=(232, 190, 160), shorts=(60, 62, 66), waistband=(40, 40, 40), shirt=(225, 225, 215),
                    shoes=(90, 60, 40), hair=(150, 110, 70), shorts_bottom_frac=1.9)],
    "heavy": [Outfit(skin=(198, 140, 105), shorts=(25, 25, 28), waistband=(25, 25, 28), shirt=(40, 140, 150),
                     shoes=(30, 25, 25), hair=(35, 25, 20), shorts_bottom_frac=1.9),
              Outfit(skin=(198, 140, 105), shorts=(70, 45, 60), waistband=(70, 45, 60), shirt=(230, 180, 60),
                     shoes=(50, 40, 40), hair=(35, 25, 20), shorts_bottom_frac=1.9)],
    "slim": [Outfit(skin=(236, 196, 170), shorts=(50, 60, 110), waistband=(50, 60, 110), shirt=(120, 70, 150),
                    shoes=(220, 220, 220), hair=(120, 80, 40), shorts_bottom_frac=1.9),
             Outfit(skin=(236, 196, 170), shorts=(30, 34, 40), waistband=(30, 34, 40), shirt=(215, 200, 60),
                    shoes=(60, 40, 30), hair=(120, 80, 40), shorts_bottom_frac=1.9)],
    "old": [Outfit(skin=(150, 100, 70), shorts=(50, 70, 50), waistband=(40, 40, 40), shirt=(200, 200, 205),
                   shoes=(40, 30, 25), hair=(180, 180, 180), shorts_bottom_frac=1.9),
            Outfit(skin=(150, 100, 70), shorts=(45, 45, 60), waistband=(40, 40, 40), shirt=(150, 60, 60),
                   shoes=(40, 30, 25), hair=(180, 180, 180), shorts_bottom_frac=1.9)],
}
# a third look per body (round 2 only; round 1 uses looks 0 and 1)
OUTFITS["man"].append(Outfit(skin=(214, 160, 125), shorts=(20, 22, 26), waistband=(20, 22, 26), shirt=(240, 240, 236),
                             shoes=(120, 80, 50), hair=(40, 30, 22), shorts_bottom_frac=1.9))
OUTFITS["tall"].append(Outfit(skin=(232, 190, 160), shorts=(95, 105, 70), waistband=(60, 60, 40), shirt=(45, 45, 50),
                              shoes=(30, 30, 30), hair=(150, 110, 70), shorts_bottom_frac=1.9))
OUTFITS["heavy"].append(Outfit(skin=(198, 140, 105), shorts=(40, 55, 95), waistband=(40, 55, 95), shirt=(200, 70, 120),
                               shoes=(235, 235, 235), hair=(35, 25, 20), shorts_bottom_frac=1.9))
OUTFITS["slim"].append(Outfit(skin=(236, 196, 170), shorts=(150, 130, 100), waistband=(150, 130, 100),
                              shirt=(30, 90, 60), shoes=(50, 35, 30), hair=(200, 170, 110), shorts_bottom_frac=1.9))
OUTFITS["old"].append(Outfit(skin=(150, 100, 70), shorts=(85, 70, 55), waistband=(40, 40, 40), shirt=(70, 95, 150),
                             shoes=(25, 25, 25), hair=(180, 180, 180), shorts_bottom_frac=1.9))
PASSER_OUTFIT = {"man": Outfit(skin=(205, 150, 115), shorts=(25, 25, 30), waistband=(25, 25, 30),
                               shirt=(235, 120, 30), shoes=(30, 30, 30), hair=(30, 25, 20), shorts_bottom_frac=1.9),
                 "slim": Outfit(skin=(175, 120, 90), shorts=(90, 40, 40), waistband=(90, 40, 40),
                                shirt=(90, 160, 210), shoes=(230, 230, 230), hair=(25, 20, 15),
                                shorts_bottom_frac=1.9)}
# passers-by of round 2 only
PASSER_OUTFIT["tall"] = Outfit(skin=(225, 180, 150), shorts=(40, 40, 45), waistband=(40, 40, 45), shirt=(150, 200, 90),
                               shoes=(30, 30, 30), hair=(60, 40, 25), shorts_bottom_frac=1.9)
PASSER_OUTFIT["heavy"] = Outfit(skin=(140, 95, 70), shorts=(60, 60, 65), waistband=(60, 60, 65), shirt=(160, 40, 50),
                                shoes=(35, 30, 30), hair=(20, 15, 12), shorts_bottom_frac=1.9)
# a fourth look per body (round 3 only): a light shirt close to the wall's colour (man), a near-black one
# (heavy), and plum, coral and camel shirts
OUTFITS["man"].append(Outfit(skin=(224, 172, 140), shorts=(70, 80, 95), waistband=(50, 55, 65), shirt=(212, 208, 198),
                             shoes=(35, 35, 35), hair=(95, 70, 45), shorts_bottom_frac=1.9))
OUTFITS["tall"].append(Outfit(skin=(232, 190, 160), shorts=(185, 170, 140), waistband=(120, 100, 70),
                              shirt=(110, 40, 70), shoes=(60, 45, 35), hair=(150, 110, 70), shorts_bottom_frac=1.9))
OUTFITS["heavy"].append(Outfit(skin=(198, 140, 105), shorts=(120, 100, 85), waistband=(120, 100, 85), shirt=(28, 28, 34),
                               shoes=(90, 60, 45), hair=(35, 25, 20), shorts_bottom_frac=1.9))
OUTFITS["slim"].append(Outfit(skin=(236, 196, 170), shorts=(35, 35, 60), waistband=(35, 35, 60), shirt=(230, 150, 120),
                              shoes=(200, 60, 50), hair=(60, 40, 25), shorts_bottom_frac=1.9))
OUTFITS["old"].append(Outfit(skin=(150, 100, 70), shorts=(30, 30, 32), waistband=(30, 30, 32), shirt=(170, 140, 95),
                             shoes=(70, 45, 30), hair=(180, 180, 180), shorts_bottom_frac=1.9))
# passers-by of round 3 (their own looks, one per body)
PASSER_OUTFIT_R3 = {
    "man": Outfit(skin=(190, 135, 100), shorts=(110, 110, 115), waistband=(110, 110, 115), shirt=(30, 60, 110),
                  shoes=(240, 240, 240), hair=(25, 20, 15), shorts_bottom_frac=1.9),
    "tall": Outfit(skin=(232, 190, 160), shorts=(30, 30, 30), waistband=(30, 30, 30), shirt=(250, 200, 40),
                   shoes=(30, 30, 30), hair=(200, 160, 100), shorts_bottom_frac=1.9),
    "heavy": Outfit(skin=(225, 175, 145), shorts=(20, 70, 60), waistband=(20, 70, 60), shirt=(235, 235, 240),
                    shoes=(40, 40, 40), hair=(110, 60, 30), shorts_bottom_frac=1.9),
    "slim": Outfit(skin=(120, 80, 60), shorts=(150, 150, 160), waistband=(150, 150, 160), shirt=(180, 30, 90),
                   shoes=(25, 25, 25), hair=(20, 15, 12), shorts_bottom_frac=1.9),
    "old": Outfit(skin=(200, 150, 120), shorts=(60, 50, 40), waistband=(60, 50, 40), shirt=(100, 160, 150),
                  shoes=(50, 35, 25), hair=(210, 210, 210), shorts_bottom_frac=1.9),
}

# a fifth look per body (round 4 only): a two-tone top (tall: the waistband colour widened into the lower part of the
# top, shorts_top_frac / waistband_m, the shirt colour above it and on the sleeves), a white shirt (heavy), a teal
# shirt close to its clip's chair colour (man), lavender (slim) and terracotta (old) ones
OUTFITS["man"].append(Outfit(skin=(224, 172, 140), shorts=(150, 150, 155), waistband=(90, 90, 95), shirt=(40, 110, 115),
                             shoes=(35, 35, 35), hair=(70, 48, 32), shorts_bottom_frac=1.9))
OUTFITS["tall"].append(Outfit(skin=(232, 190, 160), shorts=(60, 45, 38), waistband=(35, 45, 85), shirt=(215, 175, 55),
                              shoes=(45, 35, 30), hair=(150, 110, 70), shorts_bottom_frac=1.9, shorts_top_frac=0.55,
                              waistband_m=0.22))
OUTFITS["heavy"].append(Outfit(skin=(198, 140, 105), shorts=(100, 30, 45), waistband=(100, 30, 45),
                               shirt=(246, 246, 244), shoes=(30, 25, 25), hair=(35, 25, 20), shorts_bottom_frac=1.9))
OUTFITS["slim"].append(Outfit(skin=(236, 196, 170), shorts=(110, 140, 175), waistband=(110, 140, 175),
                              shirt=(165, 150, 205), shoes=(240, 240, 240), hair=(120, 80, 40), shorts_bottom_frac=1.9))
OUTFITS["old"].append(Outfit(skin=(150, 100, 70), shorts=(55, 50, 45), waistband=(40, 40, 40), shirt=(175, 85, 55),
                             shoes=(60, 40, 30), hair=(180, 180, 180), shorts_bottom_frac=1.9))
# passers-by of round 4 (their own looks, one per body)
PASSER_OUTFIT_R4 = {
    "man": Outfit(skin=(170, 120, 90), shorts=(140, 120, 90), waistband=(140, 120, 90), shirt=(225, 140, 160),
                  shoes=(60, 40, 30), hair=(20, 15, 10), shorts_bottom_frac=1.9),
    "tall": Outfit(skin=(225, 180, 150), shorts=(50, 70, 110), waistband=(50, 70, 110), shirt=(110, 110, 115),
                   shoes=(235, 235, 235), hair=(170, 130, 80), shorts_bottom_frac=1.9),
    "heavy": Outfit(skin=(236, 196, 170), shorts=(25, 25, 25), waistband=(25, 25, 25), shirt=(120, 190, 170),
                    shoes=(90, 50, 40), hair=(150, 60, 30), shorts_bottom_frac=1.9),
    "slim": Outfit(skin=(200, 150, 115), shorts=(200, 190, 170), waistband=(200, 190, 170), shirt=(150, 80, 40),
                   shoes=(30, 30, 30), hair=(30, 20, 15), shorts_bottom_frac=1.9),
    "old": Outfit(skin=(215, 170, 140), shorts=(70, 75, 80), waistband=(70, 75, 80), shirt=(160, 170, 110),
                  shoes=(40, 30, 25), hair=(200, 200, 200), shorts_bottom_frac=1.9),
}

# a sixth look per body (round 5 only): a heather-grey shirt (man), salmon (tall), sky blue (heavy), olive (slim) and
# navy (old) ones
OUTFITS["man"].append(Outfit(skin=(210, 158, 122), shorts=(28, 30, 36), waistband=(28, 30, 36), shirt=(138, 138, 142),
                             shoes=(150, 110, 70), hair=(30, 22, 16), shorts_bottom_frac=1.9))
OUTFITS["tall"].append(Outfit(skin=(232, 190, 160), shorts=(28, 32, 52), waistband=(28, 32, 52), shirt=(232, 150, 130),
                              shoes=(235, 235, 235), hair=(110, 75, 45), shorts_bottom_frac=1.9))
OUTFITS["heavy"].append(Outfit(skin=(198, 140, 105), shorts=(22, 22, 24), waistband=(22, 22, 24), shirt=(130, 175, 225),
                               shoes=(120, 35, 40), hair=(35, 25, 20), shorts_bottom_frac=1.9))
OUTFITS["slim"].append(Outfit(skin=(236, 196, 170), shorts=(120, 150, 190), waistband=(120, 150, 190),
                              shirt=(105, 110, 55), shoes=(45, 35, 30), hair=(25, 18, 14), shorts_bottom_frac=1.9))
OUTFITS["old"].append(Outfit(skin=(150, 100, 70), shorts=(170, 155, 125), waistband=(90, 70, 50), shirt=(35, 45, 85),
                             shoes=(90, 60, 35), hair=(180, 180, 180), shorts_bottom_frac=1.9))
# passers-by of round 5 (their own looks, one per body)
PASSER_OUTFIT_R5 = {
    "man": Outfit(skin=(225, 178, 148), shorts=(60, 45, 35), waistband=(60, 45, 35), shirt=(245, 215, 60),
                  shoes=(30, 30, 30), hair=(150, 100, 50), shorts_bottom_frac=1.9),
    "tall": Outfit(skin=(160, 110, 80), shorts=(200, 200, 205), waistband=(200, 200, 205), shirt=(40, 40, 120),
                   shoes=(40, 30, 25), hair=(20, 15, 10), shorts_bottom_frac=1.9),
    "heavy": Outfit(skin=(215, 165, 135), shorts=(90, 100, 60), waistband=(90, 100, 60), shirt=(240, 120, 90),
                    shoes=(230, 230, 230), hair=(60, 35, 20), shorts_bottom_frac=1.9),
    "slim": Outfit(skin=(236, 196, 170), shorts=(25, 25, 30), waistband=(25, 25, 30), shirt=(70, 190, 200),
                   shoes=(180, 40, 40), hair=(210, 180, 120), shorts_bottom_frac=1.9),
    "old": Outfit(skin=(180, 130, 100), shorts=(40, 55, 80), waistband=(40, 55, 80), shirt=(210, 195, 160),
                  shoes=(60, 40, 30), hair=(160, 160, 160), shorts_bottom_frac=1.9),
}

# a seventh look per body (round 6 only): a mint shirt with dark brown trousers (man), dusty rose with olive
# trousers (tall), cobalt with light grey trousers (heavy), amber with dark petrol trousers (slim), grass green with
# slate grey trousers (old); shoes in colours not used before either
OUTFITS["man"].append(Outfit(skin=(224, 172, 140), shorts=(58, 46, 40), waistband=(58, 46, 40), shirt=(150, 205, 175),
                             shoes=(165, 155, 140), hair=(70, 48, 32), shorts_bottom_frac=1.9))
OUTFITS["tall"].append(Outfit(skin=(232, 190, 160), shorts=(78, 84, 48), waistband=(78, 84, 48), shirt=(180, 115, 140),
                              shoes=(120, 50, 40), hair=(150, 110, 70), shorts_bottom_frac=1.9))
OUTFITS["heavy"].append(Outfit(skin=(198, 140, 105), shorts=(165, 160, 150), waistband=(165, 160, 150),
                               shirt=(45, 75, 170), shoes=(60, 30, 80), hair=(35, 25, 20), shorts_bottom_frac=1.9))
OUTFITS["slim"].append(Outfit(skin=(236, 196, 170), shorts=(20, 45, 70), waistband=(20, 45, 70), shirt=(250, 160, 40),
                              shoes=(70, 140, 120), hair=(120, 80, 40), shorts_bottom_frac=1.9))
OUTFITS["old"].append(Outfit(skin=(150, 100, 70), shorts=(125, 130, 140), waistband=(125, 130, 140),
                             shirt=(85, 130, 60), shoes=(200, 200, 200), hair=(180, 180, 180), shorts_bottom_frac=1.9))
# passers-by of round 6 (their own looks, one per body)
PASSER_OUTFIT_R6 = {
    "man": Outfit(skin=(185, 130, 95), shorts=(175, 160, 120), waistband=(175, 160, 120), shirt=(60, 35, 90),
                  shoes=(245, 245, 245), hair=(25, 18, 12), shorts_bottom_frac=1.9),
    "tall": Outfit(skin=(232, 190, 160), shorts=(70, 30, 35), waistband=(70, 30, 35), shirt=(200, 225, 240),
                   shoes=(60, 45, 35), hair=(190, 150, 90), shorts_bottom_frac=1.9),
    "heavy": Outfit(skin=(130, 88, 62), shorts=(35, 60, 45), waistband=(35, 60, 45), shirt=(250, 190, 200),
                    shoes=(35, 35, 35), hair=(15, 12, 10), shorts_bottom_frac=1.9),
    "slim": Outfit(skin=(230, 185, 155), shorts=(140, 100, 60), waistband=(140, 100, 60), shirt=(20, 110, 100),
                   shoes=(150, 150, 155), hair=(150, 50, 25), shorts_bottom_frac=1.9),
    "old": Outfit(skin=(210, 160, 130), shorts=(30, 30, 40), waistband=(30, 30, 40), shirt=(230, 170, 90),
                  shoes=(95, 70, 45), hair=(225, 225, 225), shorts_bottom_frac=1.9),
}

# an eighth look per body (round 7 only): a brick-orange shirt with denim-blue trousers and tan suede shoes (man),
# steel blue with khaki and cranberry (tall), orchid with bottle green and ochre (heavy), pale yellow with aubergine
# and grey-blue (slim), teal with grey-green and cream (old)
OUTFITS["man"].append(Outfit(skin=(224, 172, 140), shorts=(62, 90, 128), waistband=(62, 90, 128), shirt=(205, 95, 45),
                             shoes=(215, 180, 120), hair=(70, 48, 32), shorts_bottom_frac=1.9))
OUTFITS["tall"].append(Outfit(skin=(232, 190, 160), shorts=(180, 165, 95), waistband=(180, 165, 95),
                              shirt=(95, 125, 160), shoes=(200, 60, 90), hair=(150, 110, 70), shorts_bottom_frac=1.9))
OUTFITS["heavy"].append(Outfit(skin=(198, 140, 105), shorts=(25, 80, 40), waistband=(25, 80, 40), shirt=(200, 90, 160),
                               shoes=(175, 130, 40), hair=(35, 25, 20), shorts_bottom_frac=1.9))
OUTFITS["slim"].append(Outfit(skin=(236, 196, 170), shorts=(100, 20, 70), waistband=(100, 20, 70),
                              shirt=(240, 225, 140), shoes=(100, 115, 140), hair=(120, 80, 40), shorts_bottom_frac=1.9))
OUTFITS["old"].append(Outfit(skin=(150, 100, 70), shorts=(100, 120, 90), waistband=(100, 120, 90), shirt=(0, 128, 128),
                             shoes=(245, 215, 170), hair=(180, 180, 180), shorts_bottom_frac=1.9))
# passers-by of round 7 (their own looks, one per body)
PASSER_OUTFIT_R7 = {
    "man": Outfit(skin=(200, 145, 110), shorts=(60, 60, 92), waistband=(60, 60, 92), shirt=(255, 150, 70),
                  shoes=(90, 20, 20), hair=(40, 28, 20), shorts_bottom_frac=1.9),
    "tall": Outfit(skin=(232, 190, 160), shorts=(200, 90, 60), waistband=(200, 90, 60), shirt=(150, 230, 120),
                   shoes=(60, 90, 70), hair=(120, 90, 60), shorts_bottom_frac=1.9),
    "heavy": Outfit(skin=(165, 112, 80), shorts=(170, 185, 140), waistband=(170, 185, 140), shirt=(120, 40, 140),
                    shoes=(230, 200, 150), hair=(25, 18, 14), shorts_bottom_frac=1.9),
    "slim": Outfit(skin=(236, 196, 170), shorts=(45, 25, 50), waistband=(45, 25, 50), shirt=(250, 240, 80),
                   shoes=(200, 200, 90), hair=(90, 50, 25), shorts_bottom_frac=1.9),
    "old": Outfit(skin=(205, 155, 125), shorts=(130, 60, 20), waistband=(130, 60, 20), shirt=(170, 210, 255),
                  shoes=(40, 40, 40), hair=(215, 215, 215), shorts_bottom_frac=1.9),
}

# ---- rotations --------------------------------------------------------------------------------------------


def rx(d):
    a = math.radians(d)
    c, s = math.cos(a), math.sin(a)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


def ry(d):
    a = math.radians(d)
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def rz(d):
    a = math.radians(d)
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def rv2m(v):
    v = np.radians(np.asarray(v, float))
    th = float(np.linalg.norm(v))
    if th < 1e-12:
        return np.eye(3)
    k = v / th
    K = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + math.sin(th) * K + (1 - math.cos(th)) * K @ K


def m2rv(R):
    c = max(-1.0, min(1.0, (np.trace(R) - 1) / 2))
    th = math.acos(c)
    if th < 1e-9:
        return [0.0, 0.0, 0.0]
    if math.pi - th < 1e-6:  # 180 deg
        w, V = np.linalg.eigh((R + R.T) / 2)
        k = V[:, np.argmax(w)]
        return list(np.degrees(k * th))
    k = np.array([R[2, 1] - R[1, 2], R[0, 2] - R[2, 0], R[1, 0] - R[0, 1]]) / (2 * math.sin(th))
    return list(np.degrees(k * th))


# ---- the pose parameters ------------------------------------------------------------------------------------

SCALARS = ["px", "py", "pz", "yaw", "tilt", "thighL", "thighR", "addL", "addR", "kneeL", "kneeR", "fpL", "fpR",
           "toeL", "toeR", "lum", "tho", "side", "twist", "neck", "hyaw", "hroll", "gait", "sway", "chair"]
ARM_BONES = ("upperarm01", "lowerarm01", "wrist")


def P(**kw) -> dict:
    """A parameter set (defaults: standing neutral at the origin, arms down)."""
    p = {k: 0.0 for k in SCALARS}
    p["arms"] = arms_down()
    p.update(kw)
    return p


def arms_down() -> np.ndarray:
    """spec.ARMS_DOWN with the upper arms 6 deg further out and the elbows bent 15 deg instead of 35, so that
    the hands hang beside the thighs (not in front of them) on every body."""
    a = np.zeros((2, 3, 3))
    for i, s in enumerate("LR"):
        a[i, 0] = np.asarray(ARMS_DOWN[f"upperarm01.{s}"], float) + np.array([0.0, -6.0 if s == "L" else 6.0, 0.0])
        a[i, 1] = ARMS_DOWN[f"lowerarm01.{s}"]
        a[i, 1, 0] = 15.0
    return a


def arms_from_pose(pose: dict) -> np.ndarray:
    a = np.zeros((2, 3, 3))
    for i, s in enumerate("LR"):
        for j, b in enumerate(ARM_BONES):
            if f"{b}.{s}" in pose:
                a[i, j] = pose[f"{b}.{s}"]
    return a


def lerp(a: dict, b: dict, e: float) -> dict:
    out = {k: a[k] + e * (b[k] - a[k]) for k in SCALARS}
    out["arms"] = a["arms"] + e * (b["arms"] - a["arms"])
    return out


def build_pose(ph: dict, p: dict, gait_phase: float = 0.0) -> dict:
    """Parameters -> anny pose dict (bone -> rotation vector deg, root_translation m)."""
    ns = neutral_stance(ph)
    hip_n = ns["upperleg01.L"][0]
    knee_n = ns["lowerleg01.L"][0]
    pose = {}
    g = p["gait"]
    # gait: thighs swing, the swinging knee bends, arms swing opposite, the pelvis bobs
    sw = math.sin(gait_phase)
    th_g = {"L": 22.0 * g * sw, "R": -22.0 * g * sw}
    kn_g = {"L": g * (8.0 + 45.0 * max(0.0, math.sin(gait_phase + 1.3)) ** 1.5),
            "R": g * (8.0 + 45.0 * max(0.0, math.sin(gait_phase + 1.3 + math.pi)) ** 1.5)}
    bob = -0.025 * g * abs(math.cos(gait_phase))
    Rroot = rz(p["yaw"]) @ rx(p["tilt"])
    pose["root"] = m2rv(Rroot)
    pose["root_translation"] = [p["px"], p["py"], p["pz"] + bob]
    for s, sgn in (("L", -1.0), ("R", 1.0)):
        pitch = p[f"thigh{s}"] + th_g[s]
        add = sgn * p[f"add{s}"]
        Rh = rx(-p["tilt"]) @ rz(add) @ rx(-pitch) @ rx(hip_n)
        k = p[f"knee{s}"] + kn_g[s]
        Rk = rx(knee_n + k)
        pose[f"upperleg01.{s}"] = m2rv(Rh)
        pose[f"lowerleg01.{s}"] = m2rv(Rk)
        before = rx(p["tilt"]) @ Rh @ Rk  # the world orientation without the yaw
        fp = p[f"fp{s}"] + (g * 0.5 * max(0.0, -th_g[s]) if g else 0.0)
        target = rz(-sgn * p[f"toe{s}"] + add) @ rx(fp)
        pose[f"foot.{s}"] = m2rv(before.T @ target)
    # spine: neutral lean + flexion, side bend (about y) and twist (about z) spread over the bones
    lum_b = ("spine05", "spine04", "spine03")
    tho_b = ("spine02", "spine01")
    for b in lum_b + tho_b:
        n0 = ns.get(b, [0.0, 0.0, 0.0])[0]
        fl = p["lum"] / 3.0 if b in lum_b else p["tho"] / 2.0
        pose[b] = m2rv(rx(n0 + fl) @ ry(-p["side"] / 5.0) @ rz(p["twist"] / 5.0))
    pose["neck01"] = m2rv(rx(p["neck"] / 2.0))
    pose["neck02"] = m2rv(rx(p["neck"] / 2.0) @ rz(p["hyaw"] / 2.0))
    pose["head"] = m2rv(rz(p["hyaw"] / 2.0) @ ry(p["hroll"]))
    arms = np.asarray(p["arms"], float)
    for i, s in enumerate("LR"):
        for j, b in enumerate(ARM_BONES):
            v = arms[i, j].copy()
            if j == 0 and g:  # arm swing, opposite to the thigh of the same side
                v = m2rv(rx(0.8 * th_g[s]) @ rv2m(v))
            pose[f"{b}.{s}"] = list(v)
    return pose


# ---- regions of the skin ---------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _masks() -> dict:
    import body

    lab = body.dominant_bone_labels()

    def m(prefixes, suffix=None):
        return np.array([lb.startswith(tuple(prefixes)) and (suffix is None or lb.endswith(suffix)) for lb in lab])

    return {"seat": m(("root", "pelvis", "spine05", "upperleg01", "upperleg02")),
            "trunk": m(("root", "pelvis", "spine")),
            "footL": m(("foot", "toe"), ".L"), "footR": m(("foot", "toe"), ".R"),
            "feet": m(("foot", "toe")), "legs": m(("upperleg", "lowerleg")),
            "shin": m(("lowerleg",)), "hands": m(("wrist", "finger", "metacarpal"))}


def _run(ph: dict, params: list) -> dict:
    import body

    return body.run(ph, [build_pose(ph, p) for p in params])


def _bone(bp: np.ndarray, name: str) -> np.ndarray:
    import body

    return bp[body.model().bone_labels.index(name), :3, 3]


# ---- the scene --------------------------------------------------------------------------------------------------

@dataclass
class Scene:
    seat_h: float  # chair seat top (m)
    desk_h: float  # desk top (m)
    seat_y: float  # the seat's centre (y) with the chair pulled in
    desk_edge: float  # the desk's near edge (y); the desk runs toward -y
    desk_x: float = 0.0  # the desk's centre (x)
    panel: bool = True  # modesty panel at the desk's far side
    monitor: bool = False  # monitor box on the desk (room cameras)
    rail: bool = False  # foot rail between the chair's front legs
    chair_rgb: tuple = (60, 62, 70)
    desk_rgb: tuple = (170, 135, 95)
    desk_w: float = 1.2
    desk_d: float = 0.7
    seat_w: float = 0.45
    seat_d: float = 0.45

    @property
    def kb_h(self) -> float:
        return self.desk_h + 0.022

    @property
    def planes(self) -> list:
        return ([RAIL_TOP] if self.rail else []) + [self.seat_h, self.desk_h, self.kb_h]

    def as_json(self) -> dict:
        return {"seat_top_m": round(self.seat_h, 3), "desk_top_m": round(self.desk_h, 3),
                "desk_near_edge_y_m": round(self.desk_edge, 3), "desk_centre_x_m": round(self.desk_x, 3),
                "desk_size_m": [self.desk_w, self.desk_d], "seat_size_m": [self.seat_w, self.seat_d],
                "seat_centre_y_m_pulled_in": round(self.seat_y, 3), "modesty_panel": self.panel,
                "monitor_box": self.monitor, "chair_foot_rail": self.rail,
                "axes": "world metres, z up, floor z = 0; the desk person sits at x = 0 facing -y"}

    def boxes(self, chair_dy: float) -> list:
        """(centre, size, rgb) of every box; the chair moved back by chair_dy."""
        out = []
        d, w, h = self.desk_d, self.desk_w, self.desk_h
        cx, cy = self.desk_x, self.desk_edge - d / 2
        dc = self.desk_rgb
        legc = tuple(int(0.7 * c) for c in dc)
        out.append(((cx, cy, h - 0.015), (w, d, 0.03), dc))
        for sx in (-1, 1):
            for sy in (-1, 1):
                out.append(((cx + sx * (w / 2 - 0.04), cy + sy * (d / 2 - 0.04), (h - 0.03) / 2),
                            (0.05, 0.05, h - 0.03), legc))
        if self.panel:
            out.append(((cx, self.desk_edge - d + 0.06, 0.43), (w - 0.12, 0.02, 0.5), legc))
        out.append(((0.0, self.desk_edge - 0.19, self.desk_h + 0.011), (0.44, 0.15, 0.022), (45, 45, 50)))
        if self.monitor:
            my = self.desk_edge - d + 0.12
            out.append(((cx * 0.0, my, h + 0.30), (0.56, 0.03, 0.34), (30, 30, 34)))
            out.append(((0.0, my + 0.03, h + 0.07), (0.06, 0.04, 0.14), (50, 50, 55)))
        sy0 = self.seat_y + chair_dy
        s, sd, c = self.seat_w, self.seat_d, self.chair_rgb
        lc = tuple(int(0.6 * v) for v in c)
        out.append(((0.0, sy0, self.seat_h - 0.04), (s, sd, 0.08), c))
        for sx in (-1, 1):
            for sy in (-1, 1):
                out.append(((sx * (s / 2 - 0.03), sy0 + sy * (sd / 2 - 0.03), (self.seat_h - 0.08) / 2),
                            (0.035, 0.035, self.seat_h - 0.08), lc))
        back_top = self.seat_h + 0.42
        out.append(((0.0, sy0 + sd / 2 - 0.02, (self.seat_h + back_top) / 2 + 0.03), (s, 0.04, back_top - self.seat_h - 0.06), c))
        if self.rail:
            out.append(((0.0, sy0 - sd / 2 + 0.04, RAIL_TOP - 0.015), (s - 0.06, 0.035, 0.03), lc))
        return out


def _box_tris(center, size, planes, step=0.05) -> tuple[np.ndarray, np.ndarray]:
    """Triangles of a box, cut into squares of at most `step` and along the planes z = p.
    Returns (side triangles (N, 3, 3), top-face triangles lying exactly in a plane (M, 3, 3))."""
    c = np.asarray(center, float)
    h = np.asarray(size, float) / 2
    side, cap = [], []
    zlo, zhi = c[2] - h[2], c[2] + h[2]
    for axis in range(3):
        for sgn in (-1.0, 1.0):
            u_ax, v_ax = [a for a in range(3) if a != axis]

            def grid(ax):
                lo, hi = c[ax] - h[ax], c[ax] + h[ax]
                n = max(1, int(math.ceil((hi - lo) / step)))
                g = list(np.linspace(lo, hi, n + 1))
                if ax == 2:
                    g += [p for p in planes if lo + 1e-6 < p < hi - 1e-6]
                return np.array(sorted(g))

            us, vs = grid(u_ax), grid(v_ax)
            tris = []
            for i in range(len(us) - 1):
                for j in range(len(vs) - 1):
                    def Q(uu, vv):
                        q = c.copy()
                        q[axis] += sgn * h[axis]
                        q[u_ax] = uu
                        q[v_ax] = vv
                        return q
                    a, b, cc, d = Q(us[i], vs[j]), Q(us[i + 1], vs[j]), Q(us[i + 1], vs[j + 1]), Q(us[i], vs[j + 1])
                    tris += [[a, b, cc], [a, cc, d]]
            tris = np.array(tris)
            n = np.cross(tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0])
            flip = (n[:, axis] * sgn) < 0
            tris[flip] = tris[flip][:, [0, 2, 1]]
            if axis == 2 and sgn > 0 and any(abs(zhi - p) < 1e-6 for p in planes):
                cap.append(tris)
            else:
                side.append(tris)
    e = np.zeros((0, 3, 3))
    return (np.concatenate(side) if side else e), (np.concatenate(cap) if cap else e)


# ---- cameras -------------------------------------------------------------------------------------------------

@dataclass
class Cam:
    kind: str  # "monitor-front", "monitor-oblique30", "room-oblique40-back", ...
    azimuth: float  # deg: the camera's direction from the person, 0 = straight in front (-y), + = toward the
    # person's left (+x)
    dist: float  # horizontal distance from the anchor (m)
    height: float  # above the floor (m)
    pitch: float  # deg down
    anchor: str = "chest"  # "chest" (monitor cameras) or "pelvis" (room cameras)
    aim_dx: float = 0.0  # the aim point moved sideways (m, x) to keep the person and the desk in view
    desk_dx: float = 0.33  # front-side room cameras: the desk shifted sideways by this much (m, away from the camera)


def place_camera(cam: Cam, anchor_pt: np.ndarray, wall_depth: float):
    """A raster.PinholeCamera at the given azimuth / distance / height from the anchor point, looking
    horizontally at the anchor (plus aim_dx), then pitched down."""
    from raster import PinholeCamera

    a = math.radians(cam.azimuth)
    dirn = np.array([math.sin(a), -math.cos(a), 0.0])  # from the anchor toward the camera
    C = np.array([anchor_pt[0], anchor_pt[1], 0.0]) + cam.dist * dirn
    C[2] = cam.height
    aim = np.array([anchor_pt[0] + cam.aim_dx, anchor_pt[1], cam.height])
    look = aim - C
    look[2] = 0.0
    look /= np.linalg.norm(look)
    up = np.array([0.0, 0.0, 1.0])
    right = np.cross(look, up)
    right /= np.linalg.norm(right)
    down = np.cross(look, right)
    R = np.stack([right, down, look])
    p = math.radians(cam.pitch)
    Rp = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    R = Rp @ R
    f = (WIDTH / 2.0) / math.tan(math.radians(FOV_H) / 2.0)
    K = np.array([[f, 0, (WIDTH - 1) / 2.0], [0, f, (HEIGHT - 1) / 2.0], [0, 0, 1.0]])
    return PinholeCamera(K=K, R=R, C=C, width=WIDTH, height=HEIGHT, wall_depth=wall_depth)


def in_image_frac(cam, X: np.ndarray) -> float:
    Xc = cam.to_cam(X)
    z = Xc[:, 2]
    ok = z > 0.05
    uv = Xc[ok, :2] / z[ok, None] @ cam.K[:2, :2].T + cam.K[:2, 2]
    inside = (uv[:, 0] >= -0.5) & (uv[:, 0] <= WIDTH - 0.5) & (uv[:, 1] >= -0.5) & (uv[:, 1] <= HEIGHT - 0.5)
    return float(inside.sum()) / len(X)


def render_frame(cam, body_tris: list, box_list: list, planes: list) -> np.ndarray:
    """Banded painter's order (see the module docstring). body_tris: [(tris, rgb)]."""
    import cv2
    import raster

    planes = sorted(planes)
    T, Cc = [], []
    for tr, col in body_tris:
        T.append(tr)
        Cc.append(col)
    caps = {p: ([], []) for p in planes}
    for center, size, rgb in box_list:
        s, cp = _box_tris(center, size, planes)
        T.append(s)
        Cc.append(np.tile(np.asarray(rgb, float), (len(s), 1)))
        if len(cp):
            zc = float(cp[0, 0, 2])
            p = min(planes, key=lambda q: abs(q - zc))
            caps[p][0].append(cp)
            caps[p][1].append(np.tile(np.asarray(rgb, float), (len(cp), 1)))
    T = np.concatenate(T)
    Cc = np.concatenate(Cc)
    zc = T[:, :, 2].mean(1)
    band = np.searchsorted(np.asarray(planes), zc, side="left")  # band k: planes[k-1] < z <= planes[k]
    img = raster.background(cam, 0.0)
    light = (-0.45, -0.6, -0.66)
    for k in range(len(planes) + 1):
        m = band == k
        if m.any():
            raster._paint(img, cam, T[m], Cc[m], light, 0.42)
        if k < len(planes) and caps[planes[k]][0]:
            raster._paint(img, cam, np.concatenate(caps[planes[k]][0]), np.concatenate(caps[planes[k]][1]),
                          light, 0.42)
    return cv2.resize(img, (cam.width, cam.height), interpolation=cv2.INTER_AREA)


# ---- held postures, solved per body ------------------------------------------------------------------------------

SIT_TRUNK = {  # tilt (root x, + anterior), lumbar and thoracic flexion, neck pitch (deg)
    "type": dict(tilt=-4.0, lum=4.0, tho=6.0, neck=6.0),
    "slouch": dict(tilt=-16.0, lum=16.0, tho=18.0, neck=4.0),
    "lean_fwd": dict(tilt=8.0, lum=8.0, tho=12.0, neck=-8.0),
    "lean_back": dict(tilt=-17.0, lum=-2.0, tho=2.0, neck=14.0),
    "hand_face": dict(tilt=-2.0, lum=6.0, tho=10.0, neck=4.0, hroll=6.0),
    "crossed": dict(tilt=-6.0, lum=5.0, tho=6.0, neck=6.0),
    "crossed_r": dict(tilt=-6.0, lum=5.0, tho=6.0, neck=6.0),  # round 6: the mirror image, right knee over left
    "tucked": dict(tilt=-2.0, lum=6.0, tho=8.0, neck=5.0),
    "perch": dict(tilt=6.0, lum=2.0, tho=6.0, neck=0.0),
}
SIT_POSTURES = list(SIT_TRUNK)
STAND_POSTURES = ["desk", "desk_type", "back", "stretch"]


class Templates:
    """The held postures of one body in one scene (the desk person sits at x = 0)."""

    def __init__(self, bk: str, seat_h: float, desk_h: float):
        self.bk, self.ph = bk, BODIES[bk]
        self.seat_h, self.desk_h = seat_h, desk_h
        self.cache = {}
        ph = self.ph
        r = _run(ph, [P()])
        self.stand_z = -float(r["vertices"][0][:, 2].min())
        bp = r["bone_poses"][0]
        self.hip_y = float(_bone(bp, "upperleg01.L")[1])
        hip_z = float(_bone(bp, "upperleg01.L")[2])
        mk = _masks()
        V0 = r["vertices"][0]
        # the chair: the backrest's front 3 cm behind the lower back (of the upright trunk)
        back0 = float(V0[mk["trunk"] & (V0[:, 2] > hip_z + 0.1) & (V0[:, 2] < hip_z + 0.45), 1].max())
        self.seat_y = back0 + 0.03 - SEAT_D / 2
        # the desk placement from the upright sitting posture without arms
        base = self._sit_legs("type", arms=False)
        V = _run(ph, [base])["vertices"][0]
        band = mk["trunk"] & (V[:, 2] > seat_h + 0.12) & (V[:, 2] < seat_h + 0.35)
        self.belly_y = float(V[band, 1].min())
        self.back_y = float(V[mk["trunk"] & (V[:, 2] > seat_h + 0.1) & (V[:, 2] < seat_h + 0.45), 1].max())
        knee_front = float(V[mk["legs"], 1].min())
        self.desk_edge = self.belly_y - 0.13
        if knee_front > self.desk_edge - 0.12:  # short thighs: keep the knees under the desk anyway
            self.desk_edge = knee_front + 0.12
        bpb = _run(ph, [base])["bone_poses"][0]
        self.chest = 0.5 * (_bone(bpb, "upperarm01.L") + _bone(bpb, "upperarm01.R"))
        self.chest[1] = self.belly_y + 0.03
        self.chest[2] -= 0.08
        self.scene_kw = dict(seat_h=seat_h, desk_h=desk_h, seat_y=self.seat_y, desk_edge=self.desk_edge)

    # -- sitting ----------------------------------------------------------------------------------------
    def _sit_legs(self, kind: str, arms: bool = True) -> dict:
        """The sitting parameters (legs, pelvis height, trunk) of a posture, arms down."""
        key = ("legs", kind)
        if key in self.cache:
            return self.cache[key]
        ph = self.ph
        p = P(**SIT_TRUNK[kind])
        py = 0.0
        if kind == "perch":
            p.update(thighL=62.0, thighR=62.0, fpL=28.0, fpR=28.0, kneeL=112.0, kneeR=112.0)
        elif kind == "tucked":
            p.update(thighL=84.0, thighR=84.0, kneeL=128.0, kneeR=122.0, fpL=35.0, fpR=35.0, addL=4.0, addR=-2.0)
        elif kind == "crossed":
            p.update(thighL=110.0, thighR=86.0, addL=27.0, addR=-3.0, kneeL=92.0, kneeR=92.0, fpL=30.0,
                     toeL=-10.0, toeR=8.0)
        elif kind == "crossed_r":  # the mirror image of "crossed": the right knee over the left
            p.update(thighR=110.0, thighL=86.0, addR=27.0, addL=-3.0, kneeR=92.0, kneeL=92.0, fpR=30.0,
                     toeR=-10.0, toeL=8.0)
        else:
            p.update(thighL=86.0, thighR=86.0, kneeL=90.0, kneeR=90.0, toeL=8.0, toeR=8.0)
            if kind == "lean_back":
                p.update(thighL=82.0, thighR=82.0)
        mk = _masks()
        p["py"] = py
        # pelvis height: the buttocks on the seat top (the lowest seat-region skin behind the seat front)
        front = self.seat_y - SEAT_D / 2  # the seat's front edge
        if kind == "perch":
            p["py"] = -0.16  # the hips forward: the hip joints over the seat's front edge
        for _ in range(3):
            V = _run(ph, [p])["vertices"][0]
            sel = mk["seat"] & (V[:, 1] > front + 0.02)
            low = float(V[sel, 2].min())
            p["pz"] += self.seat_h - low
        # knees: the soles on the floor (the tucked feet: on the foot rail); the knee flexion is searched on a
        # grid and refined; where the feet cannot reach the floor the thighs slope down 4 deg more and again
        floor0 = RAIL_TOP if kind == "tucked" else 0.0
        lo0, hi0 = (112.0, 150.0) if kind == "tucked" else ((100.0, 135.0) if kind == "perch" else (70.0, 125.0))
        # the crossed (left) leg's foot hangs 7 cm above the floor, in front of the right shin (crossed_r: the
        # right leg's in front of the left shin)
        specs = [("L", 0.07, 50.0, 110.0), ("R", 0.0, lo0, hi0)] if kind == "crossed" else \
            [("R", 0.07, 50.0, 110.0), ("L", 0.0, lo0, hi0)] if kind == "crossed_r" else \
            [("L", floor0, lo0, hi0), ("R", floor0, lo0, hi0)]
        legs = [sp[0] for sp in specs]
        for attempt in range(8):
            ok = True
            for s, floor, lo_k, hi_k in specs:
                fm = mk[f"foot{s}"]
                ks = np.linspace(lo_k, hi_k, 15)
                qs = []
                for k in ks:
                    q = dict(p)
                    q[f"knee{s}"] = float(k)
                    qs.append(q)
                Vs = _run(ph, qs)["vertices"]
                g = np.array([float(v[fm, 2].min()) - floor for v in Vs])
                cross = [i for i in range(len(ks) - 1) if g[i] * g[i + 1] <= 0]
                if not cross:
                    ok = False
                    break
                i = cross[-1]  # the largest flexion that reaches: the feet back under the knees
                k0, k1 = float(ks[i]), float(ks[i + 1])
                g0, g1 = float(g[i]), float(g[i + 1])
                for _ in range(8):
                    km = k0 - g0 * (k1 - k0) / (g1 - g0) if g1 != g0 else 0.5 * (k0 + k1)
                    q = dict(p)
                    q[f"knee{s}"] = km
                    gm = float(_run(ph, [q])["vertices"][0][fm, 2].min()) - floor
                    if abs(gm) < 0.002:
                        break
                    if gm * g0 <= 0:
                        k1, g1 = km, gm
                    else:
                        k0, g0 = km, gm
                p[f"knee{s}"] = float(km)
            if ok:
                break
            for s in ("L", "R"):
                if s in legs:
                    p[f"thigh{s}"] -= 4.0
            for _ in range(3):
                V = _run(ph, [p])["vertices"][0]
                sel = mk["seat"] & (V[:, 1] > front + 0.02)
                p["pz"] += self.seat_h - float(V[sel, 2].min())
        else:
            raise RuntimeError(f"{self.bk}: the feet do not reach the floor / rail in the {kind} posture")
        if hasattr(self, "desk_edge"):
            # a knee that would rise into the desk top (the crossed leg): the person rolls back with the chair
            # until the legs above the desk's underside are 2 cm in front of its edge
            V = _run(ph, [p])["vertices"][0]
            high = mk["legs"] & (V[:, 2] > self.desk_h - 0.04)
            if high.any():
                shift = max(0.0, self.desk_edge + 0.02 - float(V[high, 1].min()))
                p["py"] += shift
                p["chair"] = shift
        self.cache[key] = p
        return p

    def sit(self, kind: str, var: tuple | None = None) -> dict:
        """A held sitting posture (var: round 7's drawn leg variant, `_sit_legs_var`; None = the template)."""
        if var is not None:
            key = ("sit7", kind, var)
            if key not in self.cache:
                p = dict(self._sit_legs_var(kind, var))
                p["arms"] = self._arms(p, kind, ik_key=(kind, var))
                p["sway"] = 1.0
                self.cache[key] = p
            return self.cache[key]
        key = ("sit", kind)
        if key in self.cache:
            return self.cache[key]
        p = dict(self._sit_legs(kind))
        p["arms"] = self._arms(p, kind)
        p["sway"] = 1.0
        self.cache[key] = p
        return p

    # -- round 7: the leg postures varied ------------------------------------------------------------------
    # The same mechanism as _sit_legs (the buttocks lowered onto the seat top; the knee flexion searched on a grid
    # and refined so that the foot's lowest skin meets its floor / rail / hanging height; the person rolled back with
    # the chair where a knee would rise into the desk), with the targets drawn per hold (`draw_legs_variant`):
    # the thighs, adduction, toe-out, hips forward, the crossing foot's height, the foot pitch and the knee flexion
    # aimed at (the foot pitch / thigh picked on a grid so that the solved knee lands nearest the aim).
    def _seat(self, p: dict) -> None:
        mk = _masks()
        front = self.seat_y - SEAT_D / 2
        for _ in range(3):
            V = _run(self.ph, [p])["vertices"][0]
            sel = mk["seat"] & (V[:, 1] > front + 0.02)
            p["pz"] += self.seat_h - float(V[sel, 2].min())

    def _knee_brackets(self, p: dict, s: str, floor: float, lo: float, hi: float, n: int = 15) -> list:
        """Where on the knee grid lo..hi (n points) the foot's lowest skin crosses `floor`: [(k0, k1, g0, g1, k)],
        k linearly interpolated."""
        fm = _masks()[f"foot{s}"]
        ks = np.linspace(lo, hi, n)
        qs = []
        for k in ks:
            q = dict(p)
            q[f"knee{s}"] = float(k)
            qs.append(q)
        Vs = _run(self.ph, qs)["vertices"]
        g = np.array([float(v[fm, 2].min()) - floor for v in Vs])
        out = []
        for i in range(n - 1):
            if g[i] * g[i + 1] <= 0:
                k = float(ks[i]) - float(g[i]) * float(ks[i + 1] - ks[i]) / float(g[i + 1] - g[i]) if g[i + 1] != g[i] \
                    else float(ks[i])
                out.append((float(ks[i]), float(ks[i + 1]), float(g[i]), float(g[i + 1]), k))
        return out

    def _knee_refine(self, p: dict, s: str, floor: float, br: tuple) -> float:
        """_sit_legs' refinement (regula falsi, 2 mm) inside one bracket."""
        fm = _masks()[f"foot{s}"]
        k0, k1, g0, g1 = br[:4]
        km = 0.5 * (k0 + k1)
        for _ in range(8):
            km = k0 - g0 * (k1 - k0) / (g1 - g0) if g1 != g0 else 0.5 * (k0 + k1)
            q = dict(p)
            q[f"knee{s}"] = km
            gm = float(_run(self.ph, [q])["vertices"][0][fm, 2].min()) - floor
            if abs(gm) < 0.002:
                break
            if gm * g0 <= 0:
                k1, g1 = km, gm
            else:
                k0, g0 = km, gm
        return float(km)

    def _desk_clear(self, p: dict, trunk: bool = False) -> None:
        """_sit_legs' rule (legs above the desk's underside 2 cm in front of its edge: the person rolls back with the
        chair), and with trunk the trunk at the desk top's height (the perch with the hips far forward) 1 cm in
        front of it."""
        mk = _masks()
        V = _run(self.ph, [p])["vertices"][0]
        shift = 0.0
        high = mk["legs"] & (V[:, 2] > self.desk_h - 0.04)
        if high.any():
            shift = max(shift, self.desk_edge + 0.02 - float(V[high, 1].min()))
        if trunk:
            band = mk["trunk"] & (V[:, 2] > self.desk_h - 0.05) & (V[:, 2] < self.desk_h + 0.03)
            if band.any():
                shift = max(shift, self.desk_edge + 0.01 - float(V[band, 1].min()))
        if shift > 0.0:
            p["py"] += shift
            p["chair"] += shift

    def _sit_legs_var(self, kind: str, var: tuple) -> dict:
        """Round 7: the sitting parameters of a posture with its legs varied (var: the drawn values,
        `draw_legs_variant`, as sorted (key, value) pairs). Raises LegsInfeasible where the drawn targets cannot be
        met (the caller draws again). self.var_info[(kind, var)]: the targets and the solved values."""
        key = ("legs7", kind, var)
        if key in self.cache:
            return self.cache[key]
        v = dict(var)
        p = P(**SIT_TRUNK[kind])
        info = {}
        if kind in ("crossed", "crossed_r"):
            cal = self._sit_legs(kind)
            X, S = ("L", "R") if kind == "crossed" else ("R", "L")
            for k in ("thighL", "thighR", "addL", "addR", "fpL", "fpR", "toeL", "toeR", "kneeL", "kneeR"):
                p[k] = cal[k]
            p[f"thigh{X}"] = cal[f"thigh{X}"] + v["d_thigh"]
            p[f"add{X}"] = cal[f"add{X}"] + v["d_add"]
            self._seat(p)
            for s, floor, lo, hi in ((X, v["foot_h"], 40.0, 110.0), (S, 0.0, 70.0, 125.0)):
                br = self._knee_brackets(p, s, floor, lo, hi)
                if not br:
                    raise LegsInfeasible(f"{self.bk} {kind} {v}: leg {s} cannot reach {floor} m")
                p[f"knee{s}"] = self._knee_refine(p, s, floor, br[-1])  # the largest flexion, as the calibration
            self._desk_clear(p)
        elif kind == "tucked":
            cal = self._sit_legs("tucked")
            for s in "LR":
                p[f"thigh{s}"] = cal[f"thigh{s}"] + v["d_thigh"]
                p[f"add{s}"] = cal[f"add{s}"] + v[f"d_add{s}"]
                p[f"toe{s}"] = v[f"toe{s}"]
                p[f"fp{s}"] = cal[f"fp{s}"]
                p[f"knee{s}"] = cal[f"knee{s}"]
            self._seat(p)
            aims = {}
            for s in "LR":
                floor = RAIL_TOP + v[f"hook_h{s}"]
                aim = min(cal[f"knee{s}"] + v[f"d_knee{s}"], 157.0)
                best = None
                for fp in np.arange(10.0, 62.0, 4.0):
                    q = dict(p)
                    q[f"fp{s}"] = float(fp)
                    br = self._knee_brackets(q, s, floor, 100.0, 158.0)
                    if br and (best is None or abs(br[-1][4] - aim) < best[0]):
                        best = (abs(br[-1][4] - aim), float(fp), br[-1])
                if best is None:
                    raise LegsInfeasible(f"{self.bk} tucked {v}: foot {s} cannot reach {floor} m")
                p[f"fp{s}"] = best[1]
                p[f"knee{s}"] = self._knee_refine(p, s, floor, best[2])
                aims[s] = aim
            info["knee_aim_deg"] = {s: round(aims[s], 1) for s in "LR"}
            self._desk_clear(p)
        elif kind == "perch":
            p.update(thighL=v["thighL"], thighR=v["thighR"], fpL=v["fpL"], fpR=v["fpR"], kneeL=112.0, kneeR=112.0)
            p["py"] = -v["hips_fwd"]
            self._seat(p)
            for s in "LR":
                br = self._knee_brackets(p, s, 0.0, 95.0, 140.0)
                if not br:
                    raise LegsInfeasible(f"{self.bk} perch {v}: foot {s} cannot reach the floor")
                p[f"knee{s}"] = self._knee_refine(p, s, 0.0, br[-1])
            self._desk_clear(p, trunk=True)
        else:  # the ordinary postures: the thighs 82-90 deg, the knee flexion aimed at, feet apart or together
            for s in "LR":
                p[f"add{s}"] = v[f"add{s}"]
                p[f"toe{s}"] = v[f"toe{s}"]
            aims = {"L": v["knee"] + v["knee_asym"], "R": v["knee"] - v["knee_asym"]}
            cands = sorted({min(90.0, max(82.0, v["thigh"] + d)) for d in (0.0, -2.0, 2.0, -4.0, 4.0, -6.0, 6.0)},
                           key=lambda t: abs(t - v["thigh"]))
            best = None
            for t in cands:
                q = dict(p, thighL=t, thighR=t, fpL=0.0, fpR=0.0)
                self._seat(q)
                pick, err = {}, 0.5 * abs(t - v["thigh"])
                for s in "LR":
                    bs = None
                    for fp in (-6.0, 0.0, 4.0, 8.0, 12.0, 16.0):
                        q2 = dict(q)
                        q2[f"fp{s}"] = fp
                        for br in self._knee_brackets(q2, s, 0.0, 50.0, 130.0, n=17):
                            # the heel raised only with the foot under / behind the knee, the toes raised only
                            # with the foot in front of it
                            if (fp > 0.0 and br[4] < t) or (fp < 0.0 and br[4] >= t):
                                continue
                            e = abs(br[4] - aims[s]) + 0.05 * abs(fp)
                            if bs is None or e < bs[0]:
                                bs = (e, fp, br)
                    if bs is None:
                        err = None
                        break
                    pick[s] = bs
                    err += bs[0]
                if err is not None and (best is None or err < best[0]):
                    best = (err, t, q, pick)
                if best is not None and best[0] < 2.0:
                    break
            if best is None:
                raise LegsInfeasible(f"{self.bk} {kind} {v}: the feet cannot reach the floor")
            _, t, q, pick = best
            p = q
            for s in "LR":
                p[f"fp{s}"] = pick[s][1]
                p[f"knee{s}"] = self._knee_refine(p, s, 0.0, pick[s][2])
            info["knee_aim_deg"] = {s: round(aims[s], 1) for s in "LR"}
            info["feet_forward"] = {s: bool(p[f"knee{s}"] < p[f"thigh{s}"]) for s in "LR"}
            self._desk_clear(p)
        self.cache[key] = p
        self.var_info = getattr(self, "var_info", {})
        self.var_info[(kind, var)] = info
        return p

    # -- standing ---------------------------------------------------------------------------------------
    def stand(self, kind: str) -> dict:
        key = ("stand", kind)
        if key in self.cache:
            return self.cache[key]
        p = P(pz=self.stand_z, py=self.desk_edge + 0.26, sway=0.6)
        if kind == "back":
            p.update(py=self.desk_edge + 0.62, px=0.32, yaw=-8.0)
            p["arms"] = arms_from_pose(arms_folded(self.ph))
        elif kind == "desk_type":  # bent forward at the hips over the keyboard (the thighs stay vertical)
            p.update(tilt=22.0, lum=4.0, tho=10.0, neck=-10.0, py=self.desk_edge + 0.28)
        elif kind == "stretch":
            p.update(lum=-6.0, tho=-4.0, neck=-12.0, sway=0.2)
        p["toeL"] = p["toeR"] = 8.0
        if kind in ("desk_type", "stretch"):
            p["arms"] = self._arms(p, kind)
        self.cache[key] = p
        return p

    # -- arms by inverse kinematics ---------------------------------------------------------------------
    def _arms(self, p: dict, kind: str, ik_key=None) -> np.ndarray:
        from render import reach

        ph = self.ph
        q = dict(p)
        q["arms"] = arms_down()
        base = build_pose(ph, q)
        bp = _run(ph, [q])["bone_poses"][0]
        sh = {s: _bone(bp, f"upperarm01.{s}") for s in "LR"}
        head = _bone(bp, "head")
        kb_y = self.desk_edge - 0.19
        top = self.desk_h
        tg = {}
        if kind in ("type", "slouch", "crossed", "crossed_r", "tucked", "perch", "desk_type"):
            for s, sx in (("L", 1), ("R", -1)):
                tg[s] = [(f"wrist.{s}", (sx * 0.13, kb_y + 0.10, top + 0.075), 1.0),
                         (f"lowerarm01.{s}", (sh[s][0] + sx * 0.04, sh[s][1] - 0.10, sh[s][2] - 0.27), 0.25)]
        elif kind == "lean_fwd":  # forearms on the desk, wrists forward
            for s, sx in (("L", 1), ("R", -1)):
                tg[s] = [(f"wrist.{s}", (sx * 0.16, self.desk_edge - 0.28, top + 0.06), 1.0),
                         (f"lowerarm01.{s}", (sx * 0.24, self.desk_edge - 0.03, top + 0.06), 0.6)]
        elif kind == "lean_back":  # hands in the lap
            for s, sx in (("L", 1), ("R", -1)):
                tg[s] = [(f"wrist.{s}", (sx * 0.10, q["py"] - 0.30, self.seat_h + 0.24), 1.0),
                         (f"lowerarm01.{s}", (sh[s][0] + sx * 0.05, sh[s][1] - 0.02, sh[s][2] - 0.28), 0.25)]
        elif kind == "hand_face":  # the right hand at the chin, the elbow on the desk; the left typing
            tg["L"] = [("wrist.L", (0.13, kb_y + 0.10, top + 0.075), 1.0),
                       ("lowerarm01.L", (sh["L"][0] + 0.04, sh["L"][1] - 0.10, sh["L"][2] - 0.27), 0.25)]
            tg["R"] = [("wrist.R", (head[0] - 0.04, head[1] - 0.12, head[2] - 0.17), 1.0),
                       ("lowerarm01.R", (-0.12, self.desk_edge - 0.10, top + 0.05), 0.5)]
        elif kind == "stretch":  # both hands high above the head
            for s, sx in (("L", 1), ("R", -1)):
                tg[s] = [(f"wrist.{s}", (sx * 0.12, head[1] + 0.02, head[2] + 0.55), 1.0)]
        bones = [f"{b}.{s}" for s in "LR" for b in ("upperarm01", "lowerarm01")]
        targets = tg["L"] + tg["R"]
        x0 = None
        if kind == "stretch":
            x0 = {"upperarm01.L": (0.0, -150.0, 0.0), "upperarm01.R": (0.0, 150.0, 0.0)}
        delta, err = reach(ph, base, targets, bones, x0=x0)
        pose = dict(base)
        for b, v in delta.items():
            pose[b] = list(np.asarray(base.get(b, [0, 0, 0]), float) + np.asarray(v, float))
        self.ik_err = getattr(self, "ik_err", {})
        self.ik_err[kind if ik_key is None else ik_key] = float(
            err[[i for i, t in enumerate(targets) if t[0].startswith("wrist")]].max())
        return arms_from_pose(pose)


SEAT_D = 0.45
RAIL_TOP = 0.165  # the chair's foot rail: top face height (m)


class LegsInfeasible(RuntimeError):
    """Round 7: a drawn leg variant whose targets cannot be met (drawn again)."""


# ---- timelines ---------------------------------------------------------------------------------------------------

UP_S = 2.4  # standing up (s)
DOWN_S = 2.6  # sitting down (s)
CHANGE_S = 2.0  # a change of posture while sitting or standing (s)
TURN_S = 1.0  # turning toward the way out / toward the desk (s)
WALK_V = 1.15  # walking speed (m/s)
STEP_M = 0.65  # step length (m): the gait phase advances by pi per step
CHAIR_BACK = 0.5  # the chair pushed back when standing (m)
ROLL_BACK = 0.22  # rolling back with the chair before rising (m)
CALIB_HOLD_S = 15.0  # round 7: each hold of the leg calibration (s)
CALIB_CHANGE_S = 3.0  # round 7: the change between the calibration's holds (s)


def sway(t: float, seed: int) -> dict:
    """The small continuous movements of a person working (added, times the "sway" weight)."""
    r = random.Random(seed)
    ph = [r.uniform(0, 2 * math.pi) for _ in range(8)]
    tau = 2 * math.pi
    return {"tho": 2.5 * math.sin(tau * t / 11.0 + ph[0]), "side": 2.0 * math.sin(tau * t / 17.0 + ph[1]),
            "twist": 4.0 * math.sin(tau * t / 13.0 + ph[2]),
            "hyaw": 14.0 * math.sin(tau * t / 29.0 + ph[3]) + 7.0 * math.sin(tau * t / 7.3 + ph[4]),
            "neck": 4.0 * math.sin(tau * t / 19.0 + ph[5]) + 2.0 * math.sin(tau * t / 5.1 + ph[6]),
            "px": 0.012 * math.sin(tau * t / 23.0 + ph[7])}


@dataclass
class Seg:
    t0: float
    t1: float
    state: str  # sitting | standing | transition | away (walking segments: "walk")
    pose: str  # the posture / movement
    flags: dict = field(default_factory=dict)


class Timeline:
    """Builds the keys (time, parameters) and the segments of one clip."""

    def __init__(self, T: Templates, first: str):
        self.T = T
        self.t = 0.0
        self.keys = [(0.0, T.sit(first))]
        self.segs = []
        self.cur = T.sit(first)
        self.pose_name = first
        self.sitting = True
        self.exit_dir = None
        self.passers = []
        self.pending = None  # a posture change under way (t0, t1, from, to)
        self.var = None  # round 7: the current sitting posture's leg variant (None = the template)
        self.calib = None  # round 7: the calibration holds {name: [start_s, end_s]}

    def _key(self, dt: float, p: dict):
        self.t = round(self.t + dt, 6)
        self.keys.append((self.t, p))
        self.cur = p

    def _flags(self, name: str) -> dict:
        return {"crossed_legs": name in ("crossed", "crossed_r"), "perch": name == "perch",
                "feet_off_floor": name == "tucked"}

    def sit(self, name: str, dur: float, var: tuple | None = None, change_s: float = CHANGE_S,
            info: dict | None = None):
        """Sit for dur seconds in posture name (the change from the previous posture takes change_s of it).
        Round 7: var = the hold's leg variant (Templates.sit), info = extra truth for the hold's segment."""
        assert self.sitting and dur > change_s, (name, dur)
        t0 = self.t
        if name != self.pose_name or var != self.var:
            self._key(change_s, self.T.sit(name, var))
            self.segs.append(Seg(t0, self.t, "sitting", f"{self.pose_name}>{name}",
                                 {"switch_s": t0 + change_s / 2, "from": self._flags(self.pose_name),
                                  "to": self._flags(name)}))
            dur -= change_s
        self.pose_name = name
        self.var = var
        self._key(dur, self.T.sit(name, var))
        self.segs.append(Seg(self.t - dur, self.t, "sitting", name, {**self._flags(name), **(info or {})}))
        return self

    def calibrate(self, side: str, info_of=None):
        """Round 7: the leg calibration romcam asks for, at the clip's start (sitting in "type"): ordinary (typing)
        CALIB_HOLD_S, then CALIB_CHANGE_S to crossed legs (side "left": the left knee over the right, "crossed";
        "right": "crossed_r"), held CALIB_HOLD_S, the same to tucked and to perch; the CALIB_CHANGE_S back to
        ordinary is the first work hold's change. info_of(label, posture): the extra truth of each hold."""
        assert self.t == 0.0 and self.pose_name == "type"
        cx = "crossed" if side == "left" else "crossed_r"
        self.calib = {}
        for i, (lab, kind) in enumerate((("ordinary", "type"), ("crossed", cx), ("tucked", "tucked"),
                                         ("perch", "perch"))):
            info = info_of(lab, kind) if info_of else {"calibration": lab}
            self.sit(kind, CALIB_HOLD_S + (CALIB_CHANGE_S if i else 0.0), var=CAL_VAR.get(kind),
                     change_s=CALIB_CHANGE_S, info=info)
            self.calib[lab] = [round(self.t - CALIB_HOLD_S, 6), self.t]
        self.calib_side = side
        self.calib_end = self.t + CALIB_CHANGE_S
        return self

    def up(self, to: str = "desk"):
        T = self.T
        s0 = self.cur
        t0 = self.t
        a = dict(s0, py=s0["py"] + ROLL_BACK, chair=s0["chair"] + ROLL_BACK, tilt=s0["tilt"] + 14.0, sway=0.0,
                 arms=0.5 * (s0["arms"] + arms_down()), hyaw=0.0)
        a["kneeL"] = a["kneeR"] = max(s0["kneeL"], s0["kneeR"]) + 6.0
        a.update(thighL=86.0, thighR=86.0, addL=0.0, addR=0.0, fpL=0.0, fpR=0.0)
        st = T.stand(to)
        b = dict(a, pz=0.5 * (s0["pz"] + st["pz"]) + 0.03, py=0.5 * (a["py"] + st["py"]), thighL=42.0, thighR=42.0,
                 kneeL=55.0, kneeR=55.0, tilt=22.0, tho=s0["tho"] + 6.0, chair=max(0.35, a["chair"] + 0.05),
                 arms=arms_down())
        self._key(0.8, a)
        self._key(0.8, b)
        self._key(UP_S - 1.6, dict(st, chair=CHAIR_BACK))
        self.segs.append(Seg(t0, self.t, "transition", "standing_up"))
        self.sitting = False
        self.pose_name = to
        self.var = None
        return self

    def down(self, to: str, var: tuple | None = None):
        T = self.T
        s1 = T.sit(to, var)
        t0 = self.t
        if self.pose_name != "desk":
            self.stand("desk", CHANGE_S + 1.0)
            t0 = self.t
        a = dict(s1, py=s1["py"] + ROLL_BACK, chair=s1["chair"] + ROLL_BACK, tilt=s1["tilt"] + 14.0, sway=0.0,
                 arms=0.5 * (s1["arms"] + arms_down()), hyaw=0.0)
        a["kneeL"] = a["kneeR"] = max(s1["kneeL"], s1["kneeR"]) + 6.0
        a.update(thighL=86.0, thighR=86.0, addL=0.0, addR=0.0, fpL=0.0, fpR=0.0)
        st = self.cur
        b = dict(a, pz=0.5 * (s1["pz"] + st["pz"]) + 0.03, py=0.5 * (a["py"] + st["py"]), thighL=42.0, thighR=42.0,
                 kneeL=55.0, kneeR=55.0, tilt=22.0, tho=s1["tho"] + 6.0, chair=max(0.35, a["chair"] + 0.05),
                 arms=arms_down())
        self._key(0.9, b)
        self._key(0.9, a)
        self._key(DOWN_S - 1.8, s1)
        self.segs.append(Seg(t0, self.t, "transition", "sitting_down"))
        self.sitting = True
        self.pose_name = to
        self.var = var
        return self

    def stand(self, name: str, dur: float):
        assert not self.sitting and dur > (CHANGE_S + 0.6 if name != self.pose_name else 0.0), (name, dur)
        t0 = self.t
        p = dict(self.T.stand(name), chair=CHAIR_BACK)
        if name != self.pose_name:
            dt = CHANGE_S + (0.6 if "back" in (name, self.pose_name) else 0.0)
            self._key(dt, p)
            self.segs.append(Seg(t0, self.t, "standing", f"{self.pose_name}>{name}"))
            dur -= dt
        self.pose_name = name
        self._key(dur, p)
        self.segs.append(Seg(self.t - dur, self.t, "standing", name))
        return self

    def out(self, direction: np.ndarray, dist: float):
        """Walk out of the picture: turn toward `direction` (unit, horizontal), walk `dist` m."""
        if self.pose_name != "desk":
            self.stand("desk", CHANGE_S + 1.0)
        t0 = self.t
        d = np.asarray(direction, float)
        yaw = math.degrees(math.atan2(d[0], -d[1]))  # yaw 0 faces -y; this one faces d
        start = dict(self.T.stand("desk"), chair=CHAIR_BACK, sway=0.0)
        self._key(TURN_S, dict(start, yaw=yaw, gait=0.35, px=start["px"] + 0.1 * d[0], py=start["py"] + 0.1 * d[1]))
        self._walk(d, dist, yaw)
        self.segs.append(Seg(t0, self.t, "walk", "walking_out"))
        self.exit_dir = d
        self.out_yaw = yaw
        self.pose_name = "out"
        return self

    def _walk(self, d, dist, yaw):
        p0 = self.cur
        n = max(2, int(round(dist / WALK_V * FPS)))
        for i in range(1, n + 1):
            u = i / n
            p = dict(p0, px=p0["px"] + u * dist * d[0], py=p0["py"] + u * dist * d[1], gait=1.0, yaw=yaw, sway=0.0)
            self._key(1.0 / FPS, p)

    def away(self, dur: float):
        assert dur > 0, dur
        t0 = self.t
        self._key(dur, dict(self.cur, gait=0.0))
        self.segs.append(Seg(t0, self.t, "away", "away"))
        return self

    def back(self):
        """Walk back in (the way it went out) and turn to face the desk."""
        t0 = self.t
        d = -self.exit_dir
        yaw = math.degrees(math.atan2(d[0], -d[1]))
        if yaw - self.out_yaw > 180.0:  # turn the short way round
            yaw -= 360.0
        elif yaw - self.out_yaw < -180.0:
            yaw += 360.0
        st = dict(self.T.stand("desk"), chair=CHAIR_BACK)
        pre = (st["px"] + 0.1 * self.exit_dir[0], st["py"] + 0.1 * self.exit_dir[1])
        dist = float(math.hypot(self.cur["px"] - pre[0], self.cur["py"] - pre[1]))
        self._key(0.5, dict(self.cur, yaw=yaw, gait=0.0))
        self._walk(d, dist, yaw)
        self._key(TURN_S, dict(st, sway=0.0))
        self.segs.append(Seg(t0, self.t, "walk", "walking_in"))
        self.pose_name = "desk"
        return self

    def passer(self, t0: float, direction: int = 1, behind: float = 2.5, speed: float = 1.25, who: str = "man"):
        self.passers.append({"t0": t0, "dir": direction, "behind_m": behind, "speed": speed, "who": who})
        return self


# ---- cameras and clips ----------------------------------------------------------------------------------------

# azimuth: the camera's direction from the person (0 = in front, + = toward the person's left); room cameras
# are named by their angle from the side view, toward the person's back or front
CAMERAS = {
    "monitor-front": Cam("monitor-front", 0.0, 0.76, 1.22, 10.0),
    "monitor-front-high": Cam("monitor-front", 0.0, 0.82, 1.29, 13.0),
    "monitor-oblique30": Cam("monitor-oblique30", 30.0, 0.78, 1.28, 8.0),
    "monitor-oblique25": Cam("monitor-oblique25", -25.0, 0.80, 1.25, 11.0),
    "monitor-oblique20": Cam("monitor-oblique20", 20.0, 0.84, 1.17, 7.0),
    "room-oblique40-back": Cam("room-oblique40-back", 130.0, 2.4, 1.20, 9.0, anchor="pelvis", aim_dx=-0.1),
    "room-oblique35-back": Cam("room-oblique35-back", -125.0, 2.6, 1.32, 10.0, anchor="pelvis"),
    "room-oblique45-front": Cam("room-oblique45-front", 45.0, 2.6, 1.15, 6.0, anchor="pelvis"),
    "room-oblique40-front": Cam("room-oblique40-front", -50.0, 2.3, 1.35, 12.0, anchor="pelvis"),
    # round 2
    "monitor-oblique10-r2": Cam("monitor-oblique10", 10.0, 0.70, 1.30, 3.0),
    "monitor-oblique35-r2": Cam("monitor-oblique35", -35.0, 0.95, 1.32, 14.0),
    "monitor-front-low-r2": Cam("monitor-oblique10", -10.0, 0.93, 1.14, 5.0),
    "monitor-oblique35-close-r2": Cam("monitor-oblique35", 35.0, 0.72, 1.30, 12.0),
    "room-oblique30-front-r2": Cam("room-oblique30-front", -60.0, 2.2, 1.25, 8.0, anchor="pelvis"),
    "room-oblique50-back-r2": Cam("room-oblique50-back", 140.0, 2.7, 1.10, 5.0, anchor="pelvis"),
    "room-oblique20-front-r2": Cam("room-oblique20-front", 70.0, 2.45, 1.45, 15.0, anchor="pelvis"),
    # round 3: monitor cameras 0.66-0.95 m, 1.15-1.42 m high, 2-16 deg down, 4-40 deg to either side; a laptop
    # camera 0.25 m above the desk top looking up; room cameras 2.1-2.75 m, near the side view, 50 deg toward
    # the front, 60 toward the back
    "monitor-oblique40-r3": Cam("monitor-oblique40", -40.0, 0.95, 1.30, 2.0),
    "monitor-front-high-r3": Cam("monitor-front", 4.0, 0.82, 1.42, 2.0),
    "monitor-oblique22-low-r3": Cam("monitor-oblique22", 22.0, 0.88, 1.15, 8.0),
    "monitor-oblique15-close-r3": Cam("monitor-oblique15", -15.0, 0.66, 1.36, 16.0),
    "laptop-r3": Cam("laptop-front", -6.0, 0.58, 0.97, -6.0),  # the desk top at 0.72 m: 0.25 m above it
    "room-side4-front-r3": Cam("room-side4-front", 86.0, 2.75, 1.05, 3.0, anchor="pelvis"),
    "room-oblique60-back-r3": Cam("room-oblique60-back", 150.0, 2.1, 1.42, 15.0, anchor="pelvis"),
    "room-oblique50-front-r3": Cam("room-oblique50-front", -40.0, 2.45, 1.22, 7.0, anchor="pelvis"),
    # round 4: monitor cameras 0.62-1.0 m, 1.12-1.44 m high, 0-15 deg down, 3-33 deg to either side; a laptop
    # camera 0.24 m above the desk top (0.74 m) looking up; room cameras 2.0-2.8 m, 15 deg off the side view toward
    # the front, 25 and 45 toward the back
    "monitor-oblique28-close-r4": Cam("monitor-oblique28", -28.0, 0.62, 1.24, 12.0),
    "monitor-front-far-r4": Cam("monitor-front", -3.0, 1.00, 1.44, 9.0),
    "monitor-oblique18-low-r4": Cam("monitor-oblique18", 18.0, 0.74, 1.12, 0.0),
    "monitor-oblique33-r4": Cam("monitor-oblique33", 33.0, 0.90, 1.38, 15.0),
    "laptop-r4": Cam("laptop-oblique8", 8.0, 0.63, 0.98, -9.0),  # the desk top at 0.74 m: 0.24 m above it
    "room-oblique15-front-r4": Cam("room-oblique15-front", -75.0, 2.3, 1.28, 10.0, anchor="pelvis"),
    "room-oblique25-back-r4": Cam("room-oblique25-back", 115.0, 2.0, 1.38, 13.0, anchor="pelvis"),
    "room-oblique45-back-r4": Cam("room-oblique45-back", -135.0, 2.8, 1.12, 4.0, anchor="pelvis"),
    # round 5: monitor cameras 0.68-0.98 m, 1.11-1.42 m high, 1-16 deg down, 6-38 deg to either side; a laptop
    # camera 0.23 m above the desk top (0.74 m) looking up; room cameras 2.2-2.5 m, 35 deg off the side view toward
    # the front, 10 toward the back
    "monitor-oblique38-r5": Cam("monitor-oblique38", 38.0, 0.86, 1.27, 10.0),
    "monitor-front-close-r5": Cam("monitor-front", 6.0, 0.68, 1.30, 3.0),
    "monitor-oblique26-high-r5": Cam("monitor-oblique26", 26.0, 0.98, 1.42, 8.0),
    "monitor-oblique12-steep-r5": Cam("monitor-oblique12", -12.0, 0.80, 1.34, 16.0),
    "monitor-oblique32-low-r5": Cam("monitor-oblique32", -32.0, 0.70, 1.11, 1.0),
    "laptop-r5": Cam("laptop-oblique14", -14.0, 0.64, 0.97, -11.0),  # the desk top at 0.74 m: 0.23 m above it
    "room-oblique35-front-r5": Cam("room-oblique35-front", 55.0, 2.2, 1.20, 6.0, anchor="pelvis"),
    "room-oblique10-back-r5": Cam("room-oblique10-back", -100.0, 2.5, 1.30, 9.0, anchor="pelvis"),
    # round 6 (all room cameras, for the legs): 2.0-2.9 m, 0.90-1.50 m high, 3-16 deg down; 10, 28 (low), 45 and
    # 55 (high) deg off the side view toward the front, 5 (near the side view), 20, 32 and 58 toward the back; toward
    # the front the desk is shifted 0.16-0.26 m instead of 0.33 (desk_dx, by the clip's body: the wider the feet
    # stand, the less), so that its near legs stand clear of the person's feet
    "room-side5-back-r6": Cam("room-side5-back", 95.0, 2.6, 1.18, 6.0, anchor="pelvis"),
    "room-oblique10-front-r6": Cam("room-oblique10-front", -80.0, 2.85, 1.22, 7.0, anchor="pelvis", desk_dx=0.20),
    "room-oblique28-front-low-r6": Cam("room-oblique28-front", 62.0, 2.3, 0.90, 3.0, anchor="pelvis", desk_dx=0.20),
    "room-oblique55-front-high-r6": Cam("room-oblique55-front", 35.0, 2.5, 1.50, 16.0, anchor="pelvis", desk_dx=0.16),
    "room-oblique45-front-r6": Cam("room-oblique45-front", -45.0, 2.3, 1.30, 14.0, anchor="pelvis", desk_dx=0.26),
    "room-oblique20-back-r6": Cam("room-oblique20-back", -110.0, 2.0, 1.42, 13.0, anchor="pelvis"),
    "room-oblique32-back-r6": Cam("room-oblique32-back", 122.0, 2.9, 1.05, 4.0, anchor="pelvis"),
    "room-oblique58-back-r6": Cam("room-oblique58-back", -148.0, 2.4, 1.28, 10.0, anchor="pelvis"),
    # round 7 (all room cameras, for the legs' calibration): 2.0-2.9 m, 0.90-1.42 m high; 15, 24 (a low one, 0.90 m
    # high), 38 and 48 (a high one, 1.42 m) deg off the side view toward the front, 2 (the side view), 22, 40 and 62
    # toward the back; toward the front the desk shifted 0.12-0.20 m (desk_dx) as in round 6, the less where the
    # feet of the body and of its varied postures stand wider (the old and the tall man: 3 cm or more from the desk's
    # near legs in every posture, `legs_plausible`)
    "room-oblique15-front-r7": Cam("room-oblique15-front", 75.0, 2.55, 1.24, 8.0, anchor="pelvis", desk_dx=0.20),
    "room-oblique24-front-low-r7": Cam("room-oblique24-front", -66.0, 2.4, 0.90, 2.0, anchor="pelvis", desk_dx=0.20),
    "room-oblique38-front-r7": Cam("room-oblique38-front", -52.0, 2.5, 1.30, 13.0, anchor="pelvis", desk_dx=0.12),
    "room-oblique48-front-high-r7": Cam("room-oblique48-front", 42.0, 2.7, 1.42, 14.0, anchor="pelvis", desk_dx=0.12),
    "room-side2-back-r7": Cam("room-side2-back", -92.0, 2.75, 1.16, 6.0, anchor="pelvis"),
    "room-oblique22-back-r7": Cam("room-oblique22-back", 112.0, 2.1, 1.36, 12.0, anchor="pelvis"),
    "room-oblique40-back-r7": Cam("room-oblique40-back", -130.0, 2.35, 1.26, 10.0, anchor="pelvis"),
    "room-oblique62-back-r7": Cam("room-oblique62-back", 152.0, 2.6, 1.22, 9.0, anchor="pelvis"),
}

# (name, body, outfit, camera, seat top m, desk top m, split group, script, passers)
# script ops (times are where a held posture ends, s from the clip's start):
#   ("sit", posture, until) ("stand", posture, until) ("away", until)   held, until the given time
#   ("up", standing posture) ("down", sitting posture) ("out", side) ("back",)   moves of their own length
#   ("out", side, (x, y)): walk out along the given horizontal direction (round 6's near side view: toward the
#   camera's side and past it, not away along the view)
# passers: (t0 s, direction +1 / -1 across the view, behind m, speed m/s, body)
CLIPS = [
    ("dk_man_monfront", "man", 0, "monitor-front", 0.47, 0.73, "monfront-a",
     [("sit", "type", 50), ("sit", "slouch", 95), ("sit", "lean_fwd", 112), ("sit", "hand_face", 127),
      ("up", "desk"), ("stand", "desk", 150), ("stand", "back", 178), ("stand", "stretch", 186), ("out", 1),
      ("away", 290), ("back",), ("down", "type"), ("sit", "type", 360)],
     [(100.0, 1, 3.0, 1.0, "slim"), (250.0, -1, 2.5, 0.95, "man")]),
    ("dk_old_monfront", "old", 1, "monitor-front", 0.45, 0.73, "monfront-a",
     [("sit", "type", 70), ("sit", "slouch", 130), ("up", "desk"), ("stand", "desk", 150),
      ("stand", "desk_type", 185), ("down", "lean_fwd"), ("sit", "lean_fwd", 215), ("sit", "type", 300)],
     [(160.0, 1, 2.5, 1.0, "man"), (250.0, -1, 3.2, 1.05, "slim")]),
    ("dk_slim_monfront", "slim", 0, "monitor-front-high", 0.45, 0.72, "monfront-b",
     [("sit", "type", 55), ("sit", "lean_back", 80), ("sit", "type", 110), ("sit", "slouch", 133),
      ("up", "desk_type"), ("stand", "desk_type", 170), ("stand", "desk", 176), ("out", -1), ("away", 244),
      ("back",), ("stand", "desk", 251), ("down", "lean_fwd"), ("sit", "lean_fwd", 275), ("sit", "type", 300)],
     [(40.0, 1, 2.8, 1.0, "man"), (200.0, -1, 2.2, 1.0, "man")]),
    ("dk_heavy_monfront", "heavy", 1, "monitor-front-high", 0.43, 0.73, "monfront-b",
     [("sit", "type", 45), ("sit", "lean_back", 70), ("sit", "type", 98), ("sit", "lean_fwd", 125),
      ("sit", "hand_face", 170), ("sit", "type", 226), ("up", "desk"), ("stand", "desk", 232), ("out", 1),
      ("away", 345), ("back",), ("stand", "desk", 360)],
     [(120.0, 1, 3.0, 1.1, "slim"), (270.0, -1, 2.5, 1.0, "man"), (320.0, 1, 3.4, 0.9, "slim")]),
    ("dk_tall_monobl30", "tall", 0, "monitor-oblique30", 0.50, 0.75, "monobl-a",
     [("sit", "type", 35), ("sit", "lean_fwd", 75), ("sit", "type", 104), ("up", "desk"), ("stand", "desk", 130),
      ("stand", "stretch", 142), ("stand", "back", 172), ("stand", "desk", 178), ("out", 1), ("away", 227),
      ("back",), ("stand", "desk", 233), ("down", "type"), ("sit", "type", 262), ("sit", "hand_face", 300)],
     [(210.0, 1, 2.6, 1.0, "man"), (280.0, -1, 3.0, 1.0, "slim")]),
    ("dk_man_monobl25", "man", 1, "monitor-oblique25", 0.44, 0.72, "monobl-a",
     [("sit", "slouch", 40), ("sit", "type", 100), ("sit", "lean_back", 115), ("sit", "type", 170),
      ("up", "desk"), ("stand", "desk", 180), ("out", -1), ("away", 285), ("back",), ("down", "type"),
      ("sit", "type", 300)],
     [(80.0, 1, 2.4, 1.0, "slim"), (230.0, -1, 3.0, 1.1, "man")]),
    ("dk_heavy_monobl25", "heavy", 0, "monitor-oblique25", 0.44, 0.72, "monobl-b",
     [("sit", "type", 62), ("sit", "slouch", 95), ("sit", "hand_face", 112), ("up", "desk"),
      ("stand", "desk", 140), ("stand", "back", 165), ("stand", "desk", 176), ("out", -1), ("away", 240)],
     [(30.0, 1, 2.5, 1.0, "man"), (200.0, -1, 3.0, 1.0, "slim")]),
    ("dk_slim_monobl20", "slim", 1, "monitor-oblique20", 0.46, 0.72, "monobl-b",
     [("sit", "type", 20), ("sit", "slouch", 58), ("up", "desk"), ("stand", "desk", 75), ("stand", "back", 112),
      ("stand", "stretch", 118), ("down", "type"), ("sit", "type", 150), ("sit", "lean_fwd", 183), ("up", "desk"),
      ("stand", "desk", 188), ("out", 1), ("away", 240)],
     [(40.0, 1, 2.7, 1.0, "man"), (215.0, -1, 2.3, 1.0, "man")]),
    ("dk_man_roomback40", "man", 1, "room-oblique40-back", 0.47, 0.73, "roomback-a",
     [("sit", "type", 40), ("sit", "crossed", 100), ("sit", "type", 110), ("sit", "tucked", 165),
      ("sit", "perch", 232), ("up", "desk"), ("stand", "desk", 238), ("out", 1), ("away", 345), ("back",),
      ("stand", "desk", 360)],
     [(75.0, 1, 2.5, 1.2, "slim"), (290.0, -1, 3.0, 1.2, "man")]),
    ("dk_old_roomback40", "old", 1, "room-oblique40-back", 0.45, 0.73, "roomback-a",
     [("sit", "type", 52), ("sit", "perch", 110), ("sit", "crossed", 170), ("up", "desk"), ("stand", "desk", 178),
      ("out", -1), ("away", 238), ("back",), ("stand", "desk", 246), ("down", "tucked"), ("sit", "tucked", 300)],
     [(20.0, 1, 2.5, 1.2, "man"), (200.0, -1, 3.0, 1.2, "slim"), (270.0, 1, 2.2, 1.3, "man")]),
    ("dk_heavy_roomback35", "heavy", 0, "room-oblique35-back", 0.42, 0.72, "roomback-b",
     [("sit", "type", 15), ("sit", "tucked", 58), ("sit", "type", 70), ("sit", "crossed", 128),
      ("sit", "lean_back", 168), ("up", "desk"), ("stand", "desk", 175), ("out", 1), ("away", 232), ("back",),
      ("stand", "desk", 244), ("down", "perch"), ("sit", "perch", 300)],
     [(50.0, 1, 2.6, 1.2, "man"), (205.0, -1, 3.0, 1.2, "slim")]),
    ("dk_tall_roomback35", "tall", 0, "room-oblique35-back", 0.50, 0.75, "roomback-b",
     [("sit", "lean_fwd", 45), ("sit", "type", 70), ("sit", "tucked", 115), ("sit", "type", 121),
      ("up", "desk_type"), ("stand", "desk_type", 150), ("stand", "back", 172), ("stand", "desk", 176), ("out", -1),
      ("away", 245), ("back",), ("stand", "desk", 252), ("down", "crossed"), ("sit", "crossed", 300),
      ("sit", "perch", 360)],
     [(90.0, 1, 2.5, 1.2, "slim"), (210.0, -1, 3.0, 1.2, "man"), (330.0, 1, 2.3, 1.2, "man")]),
    ("dk_tall_roomfront45", "tall", 1, "room-oblique45-front", 0.52, 0.75, "roomfront",
     [("sit", "type", 30), ("sit", "perch", 90), ("sit", "crossed", 123), ("up", "desk_type"),
      ("stand", "desk_type", 150), ("stand", "back", 172), ("stand", "desk", 182), ("down", "tucked"),
      ("sit", "tucked", 230), ("sit", "type", 245), ("up", "desk"), ("stand", "desk", 250), ("out", 1),
      ("away", 300)],
     [(100.0, 1, 2.5, 1.2, "man"), (275.0, -1, 3.0, 1.2, "slim")]),
    ("dk_slim_roomfront40", "slim", 0, "room-oblique40-front", 0.45, 0.72, "roomfront",
     [("sit", "crossed", 55), ("sit", "type", 75), ("sit", "perch", 115), ("up", "desk"), ("stand", "desk", 140),
      ("stand", "stretch", 150), ("stand", "back", 178), ("stand", "desk", 183), ("down", "tucked"),
      ("sit", "tucked", 240)],
     [(130.0, 1, 2.5, 1.2, "man"), (200.0, -1, 3.2, 1.2, "man")]),
]


# round 2: all held out (made after the rules were tuned on round 1's tuning clips); look 2 = the third outfit,
# with a blue chair and a dark (low seat) or grey desk
DK2_CLIPS = [
    ("dk2_tall_monobl10", "tall", 2, "monitor-oblique10-r2", 0.53, 0.76, "r2",
     [("sit", "type", 40), ("sit", "lean_back", 62), ("sit", "type", 100), ("sit", "hand_face", 118),
      ("up", "desk"), ("stand", "desk", 150), ("stand", "back", 175), ("stand", "desk", 181), ("out", 1),
      ("away", 300), ("back",), ("stand", "desk", 310), ("down", "type"), ("sit", "type", 360)],
     [(80.0, 1, 2.6, 1.1, "heavy"), (250.0, -1, 2.8, 1.0, "slim")]),
    ("dk2_heavy_monobl35", "heavy", 2, "monitor-oblique35-r2", 0.45, 0.74, "r2",
     [("sit", "slouch", 30), ("sit", "type", 75), ("sit", "lean_fwd", 110), ("up", "desk_type"),
      ("stand", "desk_type", 140), ("stand", "desk", 150), ("stand", "back", 178), ("stand", "desk", 184),
      ("out", -1), ("away", 290), ("back",), ("stand", "desk", 298), ("down", "type"), ("sit", "type", 330),
      ("sit", "hand_face", 360)],
     [(45.0, 1, 2.4, 1.05, "man"), (160.0, -1, 3.0, 1.1, "tall")]),
    ("dk2_old_monlow10", "old", 0, "monitor-front-low-r2", 0.41, 0.71, "r2",
     [("sit", "type", 50), ("sit", "lean_fwd", 80), ("sit", "slouch", 118), ("up", "desk"), ("stand", "desk", 135),
      ("stand", "stretch", 143), ("stand", "desk", 178), ("down", "lean_back"), ("sit", "lean_back", 210),
      ("sit", "type", 238), ("up", "desk"), ("stand", "desk", 244), ("out", -1), ("away", 345), ("back",),
      ("stand", "desk", 360)],
     [(100.0, 1, 2.6, 1.0, "man"), (290.0, -1, 2.5, 1.0, "slim")]),
    ("dk2_slim_monobl35", "slim", 2, "monitor-oblique35-close-r2", 0.49, 0.74, "r2",
     [("sit", "type", 30), ("sit", "hand_face", 50), ("sit", "lean_back", 75), ("sit", "type", 118),
      ("up", "desk"), ("stand", "desk", 140), ("stand", "back", 170), ("stand", "desk", 176), ("out", 1),
      ("away", 285), ("back",), ("stand", "desk", 291), ("down", "type"), ("sit", "type", 300)],
     [(20.0, 1, 2.5, 1.0, "heavy"), (200.0, -1, 2.8, 1.1, "man")]),
    ("dk2_man_roomfront30", "man", 2, "room-oblique30-front-r2", 0.51, 0.75, "r2",
     [("sit", "type", 25), ("sit", "crossed", 70), ("sit", "type", 80), ("sit", "tucked", 112),
      ("sit", "type", 118), ("up", "desk"), ("stand", "desk", 130), ("stand", "back", 160), ("stand", "desk", 172),
      ("out", 1), ("away", 245), ("back",), ("stand", "desk", 251), ("down", "perch"), ("sit", "perch", 300)],
     [(90.0, 1, 2.5, 1.2, "slim"), (200.0, -1, 2.8, 1.2, "tall")]),
    ("dk2_slim_roomback50", "slim", 1, "room-oblique50-back-r2", 0.455, 0.73, "r2",
     [("sit", "type", 30), ("sit", "tucked", 75), ("sit", "crossed", 112), ("sit", "type", 118), ("up", "desk"),
      ("stand", "desk", 135), ("stand", "stretch", 145), ("stand", "back", 178), ("stand", "desk", 184),
      ("out", -1), ("away", 300), ("back",), ("stand", "desk", 308), ("down", "perch"), ("sit", "perch", 340),
      ("sit", "type", 360)],
     [(50.0, 1, 2.6, 1.15, "man"), (250.0, -1, 3.0, 1.2, "heavy"), (330.0, 1, 2.3, 1.3, "man")]),
    ("dk2_old_roomfront20", "old", 2, "room-oblique20-front-r2", 0.485, 0.735, "r2",
     [("sit", "perch", 40), ("sit", "type", 52), ("sit", "crossed", 85), ("sit", "tucked", 109),
      ("sit", "type", 115), ("up", "desk"), ("stand", "desk", 130), ("stand", "back", 165), ("stand", "desk", 172),
      ("out", 1), ("away", 245), ("back",), ("stand", "desk", 251), ("down", "type"), ("sit", "type", 300)],
     [(150.0, 1, 2.5, 1.2, "slim"), (215.0, -1, 3.0, 1.2, "tall")]),
]
DK2_NAMES = {c[0] for c in DK2_CLIPS}
DK2_OUT = Path("samples/truth_desk2")

# round 3: all held out, a fresh set: look 3 = the fourth outfit, chairs and desks in colours of their own
# (DK3_COLOURS), cameras not used before (the "*-r3" entries of CAMERAS)
DK3_CLIPS = [
    ("dk3_slim_monobl40", "slim", 3, "monitor-oblique40-r3", 0.44, 0.70, "r3",
     [("sit", "type", 35), ("sit", "lean_back", 60), ("sit", "type", 95), ("sit", "hand_face", 118),
      ("up", "desk"), ("stand", "stretch", 132), ("stand", "desk", 150), ("stand", "back", 172),
      ("stand", "desk", 178), ("out", 1), ("away", 290), ("back",), ("stand", "desk", 297), ("down", "slouch"),
      ("sit", "slouch", 330)],
     [(70.0, 1, 2.6, 1.1, "heavy"), (230.0, -1, 3.2, 1.0, "man")]),
    ("dk3_old_monfront", "old", 3, "monitor-front-high-r3", 0.47, 0.74, "r3",
     [("sit", "lean_fwd", 40), ("sit", "type", 100), ("sit", "slouch", 150), ("sit", "type", 172),
      ("up", "desk_type"), ("stand", "desk_type", 200), ("stand", "desk", 215), ("stand", "back", 238),
      ("stand", "desk", 244), ("down", "type"), ("sit", "type", 270), ("sit", "hand_face", 300), ("up", "desk"),
      ("stand", "desk", 306), ("out", -1), ("away", 360)],
     [(130.0, 1, 2.4, 1.05, "slim"), (320.0, -1, 2.9, 1.15, "tall")]),
    ("dk3_man_monobl22", "man", 3, "monitor-oblique22-low-r3", 0.48, 0.72, "r3",
     [("sit", "type", 45), ("sit", "lean_back", 75), ("sit", "type", 90), ("sit", "lean_fwd", 115),
      ("up", "desk"), ("stand", "desk", 135), ("stand", "stretch", 145), ("stand", "desk", 165), ("out", 1),
      ("away", 245), ("back",), ("stand", "desk", 250), ("down", "type"), ("sit", "type", 275),
      ("sit", "slouch", 300)],
     [(20.0, -1, 2.5, 1.0, "old"), (282.0, 1, 3.0, 1.2, "slim")]),
    ("dk3_tall_monobl15", "tall", 3, "monitor-oblique15-close-r3", 0.52, 0.77, "r3",
     [("sit", "slouch", 50), ("sit", "type", 110), ("sit", "hand_face", 135), ("sit", "type", 165),
      ("up", "desk_type"), ("stand", "desk_type", 190), ("stand", "desk", 200), ("stand", "back", 228),
      ("stand", "desk", 236), ("out", -1), ("away", 300), ("back",), ("stand", "desk", 306), ("down", "lean_back"),
      ("sit", "lean_back", 330)],
     [(80.0, 1, 2.3, 1.0, "heavy"), (205.0, -1, 3.3, 1.1, "man")]),
    ("dk3_heavy_laptop", "heavy", 3, "laptop-r3", 0.43, 0.72, "r3",
     [("sit", "type", 40), ("sit", "lean_fwd", 70), ("sit", "type", 100), ("sit", "slouch", 125), ("up", "desk"),
      ("stand", "desk", 150), ("stand", "desk_type", 178), ("stand", "desk", 186), ("out", 1), ("away", 246),
      ("back",), ("stand", "desk", 252), ("down", "hand_face"), ("sit", "hand_face", 275), ("sit", "type", 300)],
     [(60.0, -1, 2.5, 1.05, "tall"), (210.0, 1, 3.0, 1.0, "slim")]),
    ("dk3_tall_roomside", "tall", 3, "room-side4-front-r3", 0.50, 0.74, "r3",
     [("sit", "type", 30), ("sit", "crossed", 80), ("sit", "type", 95), ("sit", "perch", 140), ("sit", "tucked", 169),
      ("sit", "type", 175), ("up", "desk"), ("stand", "desk", 190), ("stand", "back", 215), ("stand", "stretch", 225),
      ("stand", "desk", 235), ("out", 1), ("away", 300), ("back",), ("stand", "desk", 306), ("down", "lean_back"),
      ("sit", "lean_back", 335), ("sit", "type", 360)],
     [(110.0, 1, 2.5, 1.2, "man"), (265.0, -1, 3.2, 1.25, "old")]),
    ("dk3_old_roomback60", "old", 3, "room-oblique60-back-r3", 0.46, 0.75, "r3",
     [("sit", "tucked", 45), ("sit", "type", 65), ("sit", "crossed", 118), ("up", "desk"), ("stand", "desk", 135),
      ("stand", "back", 165), ("stand", "desk", 172), ("out", -1), ("away", 246), ("back",), ("stand", "desk", 251),
      ("down", "perch"), ("sit", "perch", 290), ("sit", "lean_fwd", 330)],
     [(90.0, 1, 2.4, 1.2, "tall"), (150.0, -1, 3.0, 1.15, "heavy")]),
    ("dk3_slim_roomfront50", "slim", 3, "room-oblique50-front-r3", 0.47, 0.73, "r3",
     [("sit", "perch", 35), ("sit", "type", 55), ("sit", "crossed", 100), ("sit", "tucked", 122),
      ("sit", "type", 128), ("up", "desk_type"), ("stand", "desk_type", 160), ("stand", "stretch", 170), ("stand", "back", 200),
      ("stand", "desk", 226), ("out", 1), ("away", 305), ("back",), ("stand", "desk", 311), ("down", "type"),
      ("sit", "type", 335), ("sit", "slouch", 360)],
     [(45.0, 1, 2.6, 1.2, "man"), (188.0, -1, 2.3, 1.25, "heavy")]),
]
DK3_NAMES = {c[0] for c in DK3_CLIPS}
DK3_OUT = Path("samples/truth_desk3")
# round 3's chair and desk colours (chair_rgb, desk_rgb), none used in rounds 1-2
DK3_COLOURS = {
    "dk3_slim_monobl40": ((28, 28, 30), (205, 180, 140)),  # black chair, light birch desk
    "dk3_old_monfront": ((55, 95, 70), (238, 236, 230)),  # green chair, white desk
    "dk3_man_monobl22": ((175, 165, 145), (45, 45, 48)),  # beige chair, black desk
    "dk3_tall_monobl15": ((200, 110, 40), (120, 130, 140)),  # orange chair, blue-grey desk
    "dk3_heavy_laptop": ((90, 60, 110), (160, 100, 70)),  # purple chair, red oak desk
    "dk3_tall_roomside": ((28, 28, 30), (238, 236, 230)),  # black chair, white desk
    "dk3_old_roomback60": ((175, 165, 145), (120, 130, 140)),  # beige chair, blue-grey desk
    "dk3_slim_roomfront50": ((55, 95, 70), (45, 45, 48)),  # green chair, black desk
}

# round 4: all held out, a fresh set: look 4 = the fifth outfit, chairs and desks in colours of their own
# (DK4_COLOURS), cameras not used before (the "*-r4" entries of CAMERAS)
DK4_CLIPS = [
    ("dk4_man_monobl28", "man", 4, "monitor-oblique28-close-r4", 0.46, 0.72, "r4",
     [("sit", "type", 50), ("sit", "lean_back", 85), ("sit", "hand_face", 105), ("sit", "type", 130),
      ("up", "desk"), ("stand", "desk", 150), ("stand", "stretch", 160), ("stand", "desk", 178), ("out", 1),
      ("away", 290), ("back",), ("stand", "desk", 297), ("down", "slouch"), ("sit", "slouch", 330)],
     [(95.0, 1, 2.5, 1.0, "heavy"), (220.0, -1, 3.0, 1.1, "old")]),
    ("dk4_heavy_monfront", "heavy", 4, "monitor-front-far-r4", 0.44, 0.73, "r4",
     [("sit", "lean_fwd", 40), ("sit", "type", 95), ("sit", "slouch", 112), ("up", "desk_type"),
      ("stand", "desk_type", 170), ("stand", "desk", 215), ("stand", "stretch", 225), ("stand", "desk", 238),
      ("down", "type"), ("sit", "type", 300), ("sit", "hand_face", 330), ("sit", "lean_back", 360)],
     [(150.0, 1, 2.6, 1.0, "slim"), (300.0, -1, 3.1, 1.1, "man")]),
    ("dk4_slim_monobl18", "slim", 4, "monitor-oblique18-low-r4", 0.45, 0.71, "r4",
     [("sit", "type", 40), ("sit", "hand_face", 62), ("sit", "type", 85), ("sit", "lean_fwd", 110), ("up", "desk"),
      ("stand", "desk", 128), ("stand", "back", 160), ("stand", "desk", 170), ("out", -1), ("away", 245), ("back",),
      ("stand", "desk", 253), ("down", "lean_back"), ("sit", "lean_back", 285), ("sit", "type", 315)],
     [(20.0, 1, 2.4, 1.0, "tall"), (140.0, -1, 2.9, 1.05, "old")]),
    ("dk4_tall_monobl33", "tall", 4, "monitor-oblique33-r4", 0.51, 0.75, "r4",
     [("sit", "slouch", 45), ("sit", "type", 100), ("sit", "lean_back", 130), ("sit", "type", 178),
      ("up", "desk_type"), ("stand", "desk_type", 225), ("stand", "desk", 235), ("out", 1), ("away", 318), ("back",),
      ("stand", "desk", 326), ("down", "type"), ("sit", "type", 345)],
     [(60.0, -1, 2.5, 1.1, "heavy"), (270.0, 1, 3.2, 1.0, "man")]),
    ("dk4_heavy_laptop", "heavy", 4, "laptop-r4", 0.45, 0.74, "r4",
     [("sit", "type", 35), ("sit", "lean_fwd", 58), ("sit", "type", 90), ("sit", "hand_face", 105),
      ("sit", "slouch", 122), ("up", "desk"), ("stand", "desk", 130), ("out", -1), ("away", 243), ("back",),
      ("stand", "desk", 251), ("down", "type"), ("sit", "type", 290), ("sit", "lean_back", 330)],
     [(40.0, 1, 2.5, 1.0, "slim"), (200.0, -1, 2.8, 1.15, "tall")]),
    ("dk4_old_roomfront15", "old", 4, "room-oblique15-front-r4", 0.47, 0.74, "r4",
     [("sit", "type", 30), ("sit", "crossed", 80), ("sit", "type", 92), ("sit", "perch", 118), ("up", "desk"),
      ("stand", "desk", 150), ("stand", "stretch", 160), ("stand", "desk_type", 190), ("stand", "back", 220),
      ("stand", "desk", 246), ("down", "tucked"), ("sit", "tucked", 290), ("sit", "type", 302), ("up", "desk"),
      ("stand", "desk", 308), ("out", 1), ("away", 360)],
     [(100.0, 1, 2.5, 1.2, "man"), (205.0, -1, 3.0, 1.25, "slim")]),
    ("dk4_man_roomback25", "man", 4, "room-oblique25-back-r4", 0.49, 0.75, "r4",
     [("sit", "tucked", 40), ("sit", "type", 62), ("sit", "crossed", 112), ("sit", "type", 118), ("up", "desk"),
      ("stand", "desk", 135), ("stand", "back", 165), ("stand", "desk", 172), ("out", -1), ("away", 245), ("back",),
      ("stand", "desk", 251), ("down", "perch"), ("sit", "perch", 280), ("sit", "lean_fwd", 300)],
     [(80.0, 1, 2.4, 1.2, "old"), (210.0, -1, 2.9, 1.2, "heavy")]),
    ("dk4_slim_roomback45", "slim", 4, "room-oblique45-back-r4", 0.43, 0.71, "r4",
     [("sit", "perch", 30), ("sit", "type", 55), ("sit", "crossed", 100), ("sit", "lean_back", 118),
      ("up", "desk_type"), ("stand", "desk_type", 175), ("stand", "desk", 205), ("stand", "stretch", 213),
      ("stand", "desk", 245), ("down", "type"), ("sit", "type", 268), ("sit", "tucked", 300), ("sit", "type", 304),
      ("up", "desk"), ("stand", "desk", 310), ("out", 1), ("away", 345)],
     [(150.0, 1, 2.6, 1.2, "man"), (325.0, -1, 2.4, 1.25, "tall")]),
]
DK4_NAMES = {c[0] for c in DK4_CLIPS}
DK4_OUT = Path("samples/truth_desk4")
# round 4's chair and desk colours (chair_rgb, desk_rgb), none used in rounds 1-3
DK4_COLOURS = {
    "dk4_man_monobl28": ((35, 105, 112), (220, 185, 110)),  # teal chair (the shirt's colour), pine desk
    "dk4_heavy_monfront": ((200, 165, 50), (75, 78, 82)),  # mustard chair, anthracite desk
    "dk4_slim_monobl18": ((185, 185, 190), (85, 55, 35)),  # light grey chair, walnut desk
    "dk4_tall_monobl33": ((110, 70, 45), (180, 198, 210)),  # brown leather chair, pale blue desk
    "dk4_heavy_laptop": ((185, 115, 135), (150, 170, 140)),  # rose chair, sage desk
    "dk4_old_roomfront15": ((100, 105, 50), (85, 55, 35)),  # olive chair, walnut desk
    "dk4_man_roomback25": ((200, 165, 50), (150, 170, 140)),  # mustard chair, sage desk
    "dk4_slim_roomback45": ((110, 70, 45), (220, 185, 110)),  # brown leather chair, pine desk
}


# round 5: all held out, a fresh set: look 5 = the sixth outfit, chairs and desks in colours of their own
# (DK5_COLOURS), cameras not used before (the "*-r5" entries of CAMERAS)
DK5_CLIPS = [
    ("dk5_man_monobl38", "man", 5, "monitor-oblique38-r5", 0.48, 0.74, "r5",
     [("sit", "type", 45), ("sit", "lean_fwd", 75), ("sit", "type", 105), ("sit", "hand_face", 125), ("up", "desk"),
      ("stand", "desk", 150), ("stand", "back", 175), ("stand", "desk", 182), ("out", 1), ("away", 245), ("back",),
      ("stand", "desk", 252), ("down", "type"), ("sit", "type", 305), ("sit", "lean_back", 330)],
     [(55.0, -1, 2.7, 1.05, "tall"), (200.0, 1, 3.1, 1.2, "slim")]),
    ("dk5_tall_monfront", "tall", 5, "monitor-front-close-r5", 0.50, 0.76, "r5",
     [("sit", "slouch", 40), ("sit", "type", 100), ("sit", "lean_back", 118), ("up", "desk_type"),
      ("stand", "desk_type", 170), ("stand", "stretch", 180), ("stand", "desk", 215), ("stand", "back", 236),
      ("stand", "desk", 242), ("down", "type"), ("sit", "type", 275), ("sit", "hand_face", 298), ("sit", "type", 318),
      ("up", "desk"), ("stand", "desk", 326), ("out", -1), ("away", 352)],
     [(140.0, 1, 2.5, 1.0, "heavy"), (285.0, -1, 3.0, 1.15, "old")]),
    ("dk5_heavy_monobl26", "heavy", 5, "monitor-oblique26-high-r5", 0.45, 0.72, "r5",
     [("sit", "type", 30), ("sit", "hand_face", 50), ("sit", "type", 80), ("sit", "slouch", 112), ("up", "desk"),
      ("stand", "desk", 135), ("stand", "back", 160), ("stand", "desk", 170), ("out", 1), ("away", 246), ("back",),
      ("stand", "desk", 252), ("down", "lean_fwd"), ("sit", "lean_fwd", 285), ("sit", "type", 320)],
     [(25.0, 1, 2.8, 1.1, "man")]),
    ("dk5_slim_monobl12", "slim", 5, "monitor-oblique12-steep-r5", 0.44, 0.70, "r5",
     [("sit", "lean_fwd", 35), ("sit", "type", 90), ("sit", "lean_back", 115), ("up", "desk"), ("stand", "desk", 150),
      ("stand", "desk_type", 185), ("stand", "stretch", 195), ("stand", "back", 225), ("stand", "desk", 232),
      ("out", -1), ("away", 305), ("back",), ("stand", "desk", 311), ("down", "type"), ("sit", "type", 350)],
     [(100.0, -1, 2.6, 1.0, "old"), (262.0, 1, 3.2, 1.15, "heavy")]),
    ("dk5_old_monobl32", "old", 5, "monitor-oblique32-low-r5", 0.47, 0.73, "r5",
     [("sit", "type", 50), ("sit", "slouch", 80), ("sit", "type", 110), ("sit", "hand_face", 118), ("up", "desk"),
      ("stand", "desk", 126), ("out", 1), ("away", 238), ("back",), ("stand", "desk", 245), ("down", "type"),
      ("sit", "type", 270), ("sit", "lean_back", 300), ("sit", "type", 330)],
     [(170.0, 1, 2.4, 1.1, "slim")]),
    ("dk5_slim_laptop", "slim", 5, "laptop-r5", 0.45, 0.74, "r5",
     [("sit", "type", 45), ("sit", "lean_fwd", 70), ("sit", "type", 100), ("sit", "slouch", 118), ("up", "desk"),
      ("stand", "desk", 140), ("stand", "desk_type", 165), ("stand", "desk", 172), ("out", -1), ("away", 245),
      ("back",), ("stand", "desk", 252), ("down", "hand_face"), ("sit", "hand_face", 280), ("sit", "type", 315)],
     [(75.0, -1, 2.5, 1.05, "man"), (230.0, 1, 2.9, 1.1, "heavy")]),
    ("dk5_old_roomfront35", "old", 5, "room-oblique35-front-r5", 0.46, 0.75, "r5",
     [("sit", "type", 30), ("sit", "crossed", 75), ("sit", "type", 88), ("sit", "perch", 115), ("up", "desk"),
      ("stand", "desk", 140), ("stand", "stretch", 150), ("stand", "back", 185), ("stand", "desk_type", 215),
      ("stand", "desk", 232), ("down", "tucked"), ("sit", "tucked", 272), ("sit", "type", 286), ("up", "desk"),
      ("stand", "desk", 294), ("out", 1), ("away", 345)],
     [(60.0, -1, 2.6, 1.2, "tall"), (320.0, 1, 2.4, 1.25, "slim")]),
    ("dk5_heavy_roomback10", "heavy", 5, "room-oblique10-back-r5", 0.43, 0.71, "r5",
     [("sit", "tucked", 35), ("sit", "type", 60), ("sit", "crossed", 110), ("sit", "type", 118), ("up", "desk"),
      ("stand", "desk", 150), ("stand", "back", 175), ("stand", "desk", 182), ("out", -1), ("away", 236), ("back",),
      ("stand", "desk", 253), ("down", "perch"), ("sit", "perch", 285), ("sit", "lean_back", 310),
      ("sit", "type", 330)],
     [(130.0, 1, 2.5, 1.2, "slim"), (275.0, -1, 3.0, 1.2, "man")]),
]
DK5_NAMES = {c[0] for c in DK5_CLIPS}
DK5_OUT = Path("samples/truth_desk5")
# round 5's chair and desk colours (chair_rgb, desk_rgb), none used in rounds 1-4
DK5_COLOURS = {
    "dk5_man_monobl38": ((30, 40, 75), (232, 222, 195)),  # navy chair, cream desk
    "dk5_tall_monfront": ((190, 40, 35), (175, 170, 160)),  # red chair, ash grey desk
    "dk5_heavy_monobl26": ((228, 228, 225), (95, 40, 30)),  # white chair, mahogany desk
    "dk5_slim_monobl12": ((140, 180, 60), (40, 70, 55)),  # lime chair, dark green desk
    "dk5_old_monobl32": ((228, 228, 225), (40, 70, 55)),  # white chair, dark green desk
    "dk5_slim_laptop": ((30, 40, 75), (95, 40, 30)),  # navy chair, mahogany desk
    "dk5_old_roomfront35": ((190, 40, 35), (232, 222, 195)),  # red chair, cream desk
    "dk5_heavy_roomback10": ((140, 180, 60), (175, 170, 160)),  # lime chair, ash grey desk
}


# round 6: for judging the legs at the desk: room cameras only (legs and chair in view), look 6 = the seventh outfit,
# chairs and desks in colours of their own (DK6_COLOURS), cameras not used before (the "*-r6" entries of CAMERAS);
# the leg postures (crossed / crossed_r, tucked, perch) about a third of the sitting time, each in every clip, five
# clips starting with one; the split group is the side the camera is on (r6-front: toward the person's front,
# r6-back: toward the back, the near side view among them), and half of each is tuning (`splits_r6`)
DK6_CLIPS = [
    ("dk6_slim_roomside5", "slim", 6, "room-side5-back-r6", 0.45, 0.72, "r6-back",
     [("sit", "tucked", 25), ("sit", "type", 68), ("sit", "hand_face", 88), ("sit", "type", 110),
      ("sit", "crossed_r", 135), ("sit", "lean_back", 162), ("up", "desk"), ("stand", "desk", 172),
      ("stand", "stretch", 182), ("stand", "desk", 190), ("out", 1, (0.87, 0.5)), ("away", 285), ("back",),
      ("stand", "desk", 292), ("down", "perch"), ("sit", "perch", 318), ("sit", "type", 330)],
     [(60.0, -1, 2.6, 1.15, "heavy"), (230.0, 1, 3.0, 1.2, "old")]),
    ("dk6_man_roomfront10", "man", 6, "room-oblique10-front-r6", 0.48, 0.74, "r6-front",
     [("sit", "crossed", 30), ("sit", "type", 75), ("sit", "slouch", 100), ("sit", "perch", 125), ("sit", "type", 155),
      ("sit", "lean_fwd", 178), ("up", "desk_type"), ("stand", "desk_type", 200), ("stand", "desk", 215),
      ("stand", "stretch", 226), ("stand", "desk", 238), ("down", "type"), ("sit", "type", 270), ("sit", "tucked", 300),
      ("sit", "hand_face", 322), ("sit", "type", 345)],
     [(140.0, 1, 2.5, 1.2, "slim"), (285.0, -1, 3.2, 1.1, "tall")]),
    ("dk6_old_roomfront28low", "old", 6, "room-oblique28-front-low-r6", 0.46, 0.73, "r6-front",
     [("sit", "perch", 25), ("sit", "type", 60), ("sit", "lean_back", 85), ("sit", "type", 105), ("up", "desk"),
      ("stand", "desk", 115), ("out", -1), ("away", 175), ("back",), ("stand", "desk", 183), ("down", "type"),
      ("sit", "type", 215), ("sit", "crossed", 245), ("sit", "slouch", 270), ("sit", "tucked", 296),
      ("sit", "type", 325), ("sit", "crossed_r", 348), ("sit", "type", 360)],
     [(150.0, 1, 2.4, 1.2, "man"), (255.0, -1, 3.0, 1.25, "heavy")]),
    ("dk6_tall_roomfront55high", "tall", 6, "room-oblique55-front-high-r6", 0.51, 0.76, "r6-front",
     [("sit", "type", 40), ("sit", "crossed_r", 68), ("sit", "type", 95), ("sit", "lean_fwd", 122),
      ("sit", "tucked", 145), ("sit", "slouch", 163), ("up", "desk"), ("stand", "desk", 176),
      ("stand", "desk_type", 186), ("out", 1), ("away", 285), ("back",), ("stand", "desk", 292), ("down", "perch"),
      ("sit", "perch", 318), ("sit", "type", 340)],
     [(100.0, -1, 2.7, 1.2, "old")]),
    ("dk6_heavy_roomfront45", "heavy", 6, "room-oblique45-front-r6", 0.44, 0.71, "r6-front",
     [("sit", "crossed", 32), ("sit", "type", 62), ("sit", "hand_face", 80), ("sit", "type", 107), ("up", "desk"),
      ("stand", "desk", 120), ("out", 1), ("away", 178), ("back",), ("stand", "desk", 186), ("down", "lean_fwd"),
      ("sit", "lean_fwd", 210), ("sit", "perch", 235), ("sit", "type", 265), ("sit", "tucked", 290),
      ("sit", "lean_back", 315), ("sit", "type", 330)],
     [(40.0, 1, 2.5, 1.2, "tall"), (222.0, -1, 3.1, 1.15, "slim")]),
    ("dk6_man_roomback20", "man", 6, "room-oblique20-back-r6", 0.47, 0.73, "r6-back",
     [("sit", "type", 35), ("sit", "slouch", 62), ("sit", "crossed_r", 90), ("sit", "type", 120), ("sit", "perch", 143),
      ("sit", "lean_fwd", 165), ("up", "desk"), ("stand", "desk", 172), ("stand", "stretch", 182),
      ("stand", "desk", 188), ("out", -1), ("away", 282), ("back",), ("stand", "desk", 293), ("down", "tucked"),
      ("sit", "tucked", 320), ("sit", "type", 335)],
     [(105.0, 1, 2.6, 1.2, "heavy"), (250.0, -1, 2.9, 1.2, "tall")]),
    ("dk6_tall_roomback32", "tall", 6, "room-oblique32-back-r6", 0.52, 0.77, "r6-back",
     [("sit", "tucked", 30), ("sit", "type", 70), ("sit", "lean_back", 95), ("sit", "type", 125),
      ("sit", "crossed", 155), ("sit", "type", 178), ("up", "desk"), ("stand", "desk", 195),
      ("stand", "desk_type", 215), ("stand", "desk", 236), ("down", "hand_face"), ("sit", "hand_face", 262),
      ("sit", "type", 290), ("sit", "perch", 315), ("sit", "slouch", 340)],
     [(205.0, -1, 2.5, 1.2, "man")]),
    ("dk6_heavy_roomback58", "heavy", 6, "room-oblique58-back-r6", 0.43, 0.70, "r6-back",
     [("sit", "type", 40), ("sit", "perch", 65), ("sit", "type", 85), ("sit", "slouch", 105), ("up", "desk"),
      ("stand", "desk", 116), ("out", 1), ("away", 176), ("back",), ("stand", "desk", 184), ("down", "type"),
      ("sit", "type", 205), ("sit", "crossed_r", 235), ("sit", "lean_fwd", 262), ("sit", "tucked", 290),
      ("sit", "type", 320), ("sit", "lean_back", 345)],
     [(130.0, 1, 2.6, 1.2, "slim"), (300.0, -1, 3.0, 1.2, "old")]),
]
DK6_NAMES = {c[0] for c in DK6_CLIPS}
DK6_OUT = Path("samples/truth_desk6")
DK6_SPLIT_SEED = 20261206  # round 6's own split seed (`splits_r6`)
# round 6's chair and desk colours (chair_rgb, desk_rgb), none used in rounds 1-5
DK6_COLOURS = {
    "dk6_slim_roomside5": ((60, 150, 190), (110, 92, 78)),  # cyan chair, smoked oak desk
    "dk6_man_roomfront10": ((165, 55, 115), (150, 140, 165)),  # magenta chair, lilac-grey desk
    "dk6_old_roomfront28low": ((165, 125, 85), (30, 80, 85)),  # tan chair, dark teal desk
    "dk6_tall_roomfront55high": ((85, 95, 110), (170, 75, 55)),  # slate chair, terracotta desk
    "dk6_heavy_roomfront45": ((60, 150, 190), (170, 75, 55)),  # cyan chair, terracotta desk
    "dk6_man_roomback20": ((165, 125, 85), (150, 140, 165)),  # tan chair, lilac-grey desk
    "dk6_tall_roomback32": ((165, 55, 115), (30, 80, 85)),  # magenta chair, dark teal desk
    "dk6_heavy_roomback58": ((85, 95, 110), (110, 92, 78)),  # slate chair, smoked oak desk
}


# round 7: the leg CALIBRATION (romcam asks the user, seated, to sit each way once for about 15 s: ordinary, crossed,
# tucked, perched) followed by desk work with the leg postures done differently. Room cameras only, look 7 = the
# eighth outfit, chairs and desks in colours of their own (DK7_COLOURS), cameras not used before (the "*-r7" entries
# of CAMERAS). Every script starts with ("calibrate", side): the calibration block (`Timeline.calibrate`, 0-72 s;
# side = the person's habit, "left" = the left knee over the right); after it every sitting hold of the work gets
# its own leg variant, drawn from random.Random(f"{DK7_VARIANT_SEED}:{name}") (`draw_legs_variant`). A "crossed" /
# "crossed_r" hold on the other side from the calibration's is the mirrored crossing (four clips). The split group
# is the camera's side (r7-front, r7-back, the side view among the back ones), half of each tuning (`splits_r7`).
DK7_CLIPS = [
    ("dk7_slim_roomfront15", "slim", 7, "room-oblique15-front-r7", 0.455, 0.715, "r7-front",
     [("calibrate", "left"), ("sit", "type", 100), ("sit", "crossed", 125), ("sit", "lean_fwd", 150),
      ("sit", "tucked", 172), ("sit", "type", 188), ("up", "desk"), ("stand", "desk", 200), ("stand", "stretch", 210),
      ("stand", "back", 232), ("stand", "desk", 240), ("down", "perch"), ("sit", "perch", 265),
      ("sit", "hand_face", 280), ("sit", "crossed_r", 302), ("sit", "type", 310)],
     [(128.0, 1, 2.6, 1.2, "heavy"), (262.0, -1, 3.0, 1.15, "old")]),
    ("dk7_old_roomfront38", "old", 7, "room-oblique38-front-r7", 0.475, 0.735, "r7-front",
     [("calibrate", "right"), ("sit", "lean_back", 98), ("sit", "perch", 125), ("sit", "type", 150),
      ("sit", "crossed_r", 176), ("sit", "slouch", 182), ("up", "desk"), ("stand", "desk", 190), ("out", -1),
      ("away", 238), ("back",), ("stand", "desk", 246), ("down", "tucked"), ("sit", "tucked", 272),
      ("sit", "type", 296), ("sit", "hand_face", 312)],
     [(40.0, 1, 2.5, 1.2, "man"), (210.0, -1, 3.1, 1.2, "slim")]),
    ("dk7_tall_roomfront48high", "tall", 7, "room-oblique48-front-high-r7", 0.505, 0.75, "r7-front",
     [("calibrate", "left"), ("sit", "type", 95), ("sit", "tucked", 120), ("sit", "lean_fwd", 140),
      ("sit", "crossed", 170), ("up", "desk"), ("stand", "desk", 178), ("out", 1), ("away", 236), ("back",),
      ("stand", "desk", 244), ("down", "type"), ("sit", "type", 262), ("sit", "perch", 285), ("sit", "slouch", 293),
      ("sit", "perch", 312)],
     [(150.0, -1, 2.7, 1.2, "old")]),
    ("dk7_heavy_roomfront24low", "heavy", 7, "room-oblique24-front-low-r7", 0.435, 0.705, "r7-front",
     [("calibrate", "right"), ("sit", "type", 90), ("sit", "crossed_r", 118), ("sit", "hand_face", 135),
      ("sit", "perch", 158), ("sit", "type", 175), ("up", "desk_type"), ("stand", "desk_type", 200),
      ("stand", "desk", 215), ("stand", "stretch", 225), ("stand", "desk", 232), ("down", "tucked"),
      ("sit", "tucked", 262), ("sit", "lean_back", 280), ("sit", "crossed", 302), ("sit", "type", 310)],
     [(55.0, 1, 2.4, 1.2, "tall"), (240.0, -1, 3.0, 1.25, "man")]),
    ("dk7_man_roomside2", "man", 7, "room-side2-back-r7", 0.485, 0.745, "r7-back",
     [("calibrate", "right"), ("sit", "type", 98), ("sit", "crossed_r", 125), ("sit", "slouch", 145),
      ("sit", "perch", 165), ("sit", "type", 178), ("up", "desk"), ("stand", "desk", 186), ("out", -1, (-0.87, 0.5)),
      ("away", 238), ("back",), ("stand", "desk", 246), ("down", "tucked"), ("sit", "tucked", 275),
      ("sit", "lean_fwd", 295), ("sit", "type", 308)],
     [(80.0, 1, 2.6, 1.2, "heavy"), (225.0, -1, 2.9, 1.2, "slim")]),
    ("dk7_old_roomback22", "old", 7, "room-oblique22-back-r7", 0.495, 0.755, "r7-back",
     [("calibrate", "left"), ("sit", "type", 95), ("sit", "tucked", 118), ("sit", "lean_back", 140),
      ("sit", "crossed", 168), ("sit", "type", 178), ("up", "desk"), ("stand", "desk", 195), ("stand", "back", 220),
      ("stand", "desk", 228), ("down", "perch"), ("sit", "perch", 255), ("sit", "type", 272),
      ("sit", "crossed_r", 296), ("sit", "hand_face", 310)],
     [(110.0, -1, 2.5, 1.2, "tall"), (290.0, 1, 3.0, 1.2, "slim")]),
    ("dk7_slim_roomback40", "slim", 7, "room-oblique40-back-r7", 0.465, 0.725, "r7-back",
     [("calibrate", "right"), ("sit", "slouch", 92), ("sit", "perch", 120), ("sit", "type", 140),
      ("sit", "crossed", 162), ("sit", "lean_fwd", 178), ("up", "desk_type"), ("stand", "desk_type", 205),
      ("stand", "stretch", 214), ("stand", "desk", 228), ("down", "type"), ("sit", "type", 250),
      ("sit", "tucked", 275), ("sit", "type", 285), ("sit", "crossed_r", 305), ("sit", "lean_back", 312)],
     [(60.0, 1, 2.7, 1.15, "old"), (200.0, -1, 2.4, 1.2, "man")]),
    ("dk7_tall_roomback62", "tall", 7, "room-oblique62-back-r7", 0.515, 0.765, "r7-back",
     [("calibrate", "left"), ("sit", "type", 96), ("sit", "perch", 118), ("sit", "lean_fwd", 138),
      ("sit", "tucked", 160), ("sit", "type", 172), ("up", "desk"), ("stand", "desk", 180), ("out", -1),
      ("away", 236), ("back",), ("stand", "desk", 244), ("down", "crossed"), ("sit", "crossed", 275),
      ("sit", "slouch", 295), ("sit", "type", 312)],
     [(100.0, 1, 2.6, 1.2, "heavy")]),
]
DK7_NAMES = {c[0] for c in DK7_CLIPS}
DK7_OUT = Path("samples/truth_desk7")
DK7_SPLIT_SEED = 20261205  # round 7's own split seed (`splits_r7`)
DK7_VARIANT_SEED = 20261207  # round 7's leg variants: random.Random(f"{DK7_VARIANT_SEED}:{name}")
# round 7's chair and desk colours (chair_rgb, desk_rgb), none used in rounds 1-6
DK7_COLOURS = {
    "dk7_slim_roomfront15": ((230, 125, 105), (40, 95, 120)),  # coral chair, petrol desk
    "dk7_old_roomfront38": ((55, 80, 175), (200, 150, 70)),  # royal blue chair, honey desk
    "dk7_tall_roomfront48high": ((235, 215, 110), (145, 50, 50)),  # pale yellow chair, cherry desk
    "dk7_heavy_roomfront24low": ((125, 95, 175), (195, 220, 205)),  # violet chair, mint-white desk
    "dk7_man_roomside2": ((235, 215, 110), (40, 95, 120)),  # pale yellow chair, petrol desk
    "dk7_old_roomback22": ((230, 125, 105), (195, 220, 205)),  # coral chair, mint-white desk
    "dk7_slim_roomback40": ((55, 80, 175), (145, 50, 50)),  # royal blue chair, cherry desk
    "dk7_tall_roomback62": ((125, 95, 175), (200, 150, 70)),  # violet chair, honey desk
}
ORDINARY = ("type", "slouch", "lean_fwd", "lean_back", "hand_face")  # the sitting postures with the feet flat
LEG_POSTURES = ("crossed", "crossed_r", "tucked", "perch")


def draw_legs_variant(rng: random.Random, kind: str) -> dict:
    """Round 7: one work hold's leg targets, drawn (the calibration's values in brackets):
    crossed / crossed_r: the crossing foot's lowest skin 0.03-0.15 m above the floor (0.07), the crossing thigh's
    elevation and adduction +-6 deg around the calibration's; tucked: per foot on the rail ("rail": the foot's
    lowest skin on the rail top, the knee flexion aimed at -8..+4 deg from the calibration's) or hooked further back
    under the seat ("hook": 3-8 cm above the rail top, the knee aimed at +2..+8 deg), the two feet's aims at least
    3 deg apart, thighs +-3 deg, adduction +-4 deg per leg, toe-out -4..12 deg per foot; perch: the hips 0.10-0.20 m
    forward (0.16), the thighs sloping 56-68 deg from the vertical (62), the two within 2 deg of each other, the feet
    pitched 20-36 deg (28); ordinary (type, slouch, lean_fwd, lean_back, hand_face): the thighs 82-90 deg, the knee
    flexion aimed at 80-105 deg (the two within 3 deg), the feet a little apart (abducted 3-7 deg, toes out 10-18) or
    together (adducted 1-3 deg, toes out 0-6). Draws again where the crossed / perch values would be too close to the
    calibration's to count as a variation."""
    u = rng.uniform
    if kind in ("crossed", "crossed_r"):
        while True:
            d = {"foot_h": round(u(0.03, 0.15), 3), "d_thigh": round(u(-6.0, 6.0), 1), "d_add": round(u(-6.0, 6.0), 1)}
            if abs(d["foot_h"] - 0.07) >= 0.02 or abs(d["d_thigh"]) >= 2.0 or abs(d["d_add"]) >= 2.0:
                return d
    if kind == "tucked":
        styles = rng.choice([("rail", "rail"), ("hook", "hook"), ("rail", "hook"), ("hook", "rail")])
        d = {"style": f"{styles[0]}/{styles[1]}", "d_thigh": round(u(-3.0, 3.0), 1)}
        for s, st in zip("LR", styles):
            d[f"hook_h{s}"] = round(u(0.03, 0.08), 3) if st == "hook" else 0.0
            d[f"d_add{s}"] = round(u(-4.0, 4.0), 1)
            d[f"toe{s}"] = round(u(-4.0, 12.0), 1)
        while True:
            for s, st in zip("LR", styles):
                d[f"d_knee{s}"] = round(u(2.0, 8.0) if st == "hook" else u(-8.0, 4.0), 1)
            if abs(d["d_kneeL"] - d["d_kneeR"]) >= 3.0:
                return d
    if kind == "perch":
        while True:
            th = u(56.0, 68.0)
            a = u(-1.0, 1.0)
            d = {"hips_fwd": round(u(0.10, 0.20), 3), "thighL": round(th + a, 1), "thighR": round(th - a, 1),
                 "fpL": round(u(20.0, 36.0), 1), "fpR": round(u(20.0, 36.0), 1)}
            if abs(d["hips_fwd"] - 0.16) >= 0.02 or abs(th - 62.0) >= 2.5:
                return d
    assert kind in ORDINARY, kind
    apart = rng.random() < 0.5
    d = {"feet": "apart" if apart else "together", "thigh": round(u(82.0, 90.0), 1), "knee": round(u(80.0, 105.0), 1),
         "knee_asym": round(u(-1.5, 1.5), 1)}
    for s in "LR":
        d[f"add{s}"] = round(-u(3.0, 7.0) if apart else u(1.0, 3.0), 1)
        d[f"toe{s}"] = round(u(10.0, 18.0) if apart else u(0.0, 6.0), 1)
    return d


def var_key(d: dict) -> tuple:
    return tuple(sorted(d.items()))


@lru_cache(maxsize=None)
def _side_legs() -> dict:
    """The skin of each whole leg (thigh, shin, foot, toes) by side."""
    import body

    lab = body.dominant_bone_labels()
    return {s: np.array([lb.startswith(("upperleg", "lowerleg", "foot", "toe")) and lb.endswith(f".{s}") for lb in lab])
            for s in "LR"}


def leg_contacts(T: Templates, kind: str, p: dict, scene: Scene) -> dict:
    """Round 7's plausibility measures of a sitting posture (no sway): the feet's lowest skin above the floor, the
    leg skin inside the props (vertices more than 3 mm inside a box: the shins and feet in any box, the thighs in any
    but the seat) and, with crossed legs, the crossing leg's skin inside the other leg (more than 15% inside the
    other thigh's / shin's local radius, the median skin distance from its axis in 10 slices)."""
    mk = _masks()
    r = _run(T.ph, [p])
    V, bp = r["vertices"][0], r["bone_poses"][0]
    out = {"feet_min_z_m": [round(float(V[mk["footL"], 2].min()), 4), round(float(V[mk["footR"], 2].min()), 4)]}
    lower = mk["shin"] | mk["feet"]
    thigh = mk["legs"] & ~mk["shin"]
    inside, depth = 0, 0.0
    for c, sz, _ in scene.boxes(p["chair"]):
        c, h = np.asarray(c, float), np.asarray(sz, float) / 2 - 0.003
        seat = abs(sz[2] - 0.08) < 1e-9 and abs(c[2] - (scene.seat_h - 0.04)) < 1e-9
        sel = lower | (thigh if not seat else np.zeros_like(thigh))
        ins = np.all(np.abs(V[sel] - c) < h, axis=1)
        inside += int(ins.sum())
        if ins.any():
            depth = max(depth, float(np.min(h + 0.003 - np.abs(V[sel][ins] - c), axis=1).max()))
    out["props_inside_vertices"] = inside
    out["props_inside_depth_m"] = round(depth, 4)
    # the horizontal gap between the leg skin under the desk top and the desk's four legs
    low = (mk["legs"] | mk["feet"]) & (V[:, 2] < scene.desk_h - 0.03)
    gap = 9.0
    for c, sz, _ in scene.boxes(p["chair"])[1:5]:
        d = np.maximum(np.abs(V[low, :2] - np.asarray(c[:2], float)) - np.asarray(sz[:2], float) / 2, 0.0)
        gap = min(gap, float(np.linalg.norm(d, axis=1).min()))
    out["desk_legs_gap_m"] = round(gap, 4)
    if kind in ("crossed", "crossed_r"):
        X, S = ("L", "R") if kind == "crossed" else ("R", "L")
        sl = _side_legs()
        cnt = 0
        for a, b in ((f"upperleg01.{S}", f"lowerleg01.{S}"), (f"lowerleg01.{S}", f"foot.{S}")):
            A, B = _bone(bp, a), _bone(bp, b)
            L = float(np.linalg.norm(B - A))
            u = (B - A) / L

            def tr(Q):
                t = (Q - A) @ u
                return t, np.linalg.norm(Q - A - t[:, None] * u, axis=1)

            ts, rs = tr(V[sl[S]])
            tx, rx_ = tr(V[sl[X]])
            for k in range(10):
                lo, hi = k * L / 10, (k + 1) * L / 10
                ms = (ts >= lo) & (ts < hi)
                if ms.sum() < 5:
                    continue
                rad = float(np.median(rs[ms]))
                cnt += int(((tx >= lo) & (tx < hi) & (rx_ < 0.85 * rad)).sum())
        out["legs_overlap_vertices"] = cnt
    return out


def legs_plausible(T: Templates, kind: str, p: dict, scene: Scene) -> tuple[bool, dict]:
    """A varied posture against the calibration's (the same posture's template in the same scene): no foot below
    the floor (1 mm), no more skin inside the props than the calibration has (+ 5 vertices, + 5 mm deep), the legs
    and feet 3 cm or more from the desk's legs and the crossed legs' overlap at most 1.5 times the calibration's + 30
    vertices."""
    cur = leg_contacts(T, kind, p, scene)
    cal = leg_contacts(T, kind, cal_legs(T, kind), scene)
    ok = (min(cur["feet_min_z_m"]) > -0.001 and cur["props_inside_vertices"] <= cal["props_inside_vertices"] + 5
          and cur["props_inside_depth_m"] <= cal["props_inside_depth_m"] + 0.005 and cur["desk_legs_gap_m"] >= 0.03)
    if "legs_overlap_vertices" in cur:
        ok &= cur["legs_overlap_vertices"] <= 1.5 * cal["legs_overlap_vertices"] + 30
    return ok, {"variant": cur, "calibration": cal}


def _r(x, n=1):
    return round(float(x), n) + 0.0


# round 7's calibration postures: the templates (as round 6), except the perch, posed by _sit_legs_var with the
# template's values (hips 0.16 m forward, thighs 62 deg, feet pitched 28 deg) so that the trunk, which the template
# leans 4-5 cm into the desk top's edge, clears the desk (the person rolled back with the chair)
CAL_VAR = {"perch": var_key({"hips_fwd": 0.16, "thighL": 62.0, "thighR": 62.0, "fpL": 28.0, "fpR": 28.0})}


def cal_legs(T: Templates, kind: str) -> dict:
    """The legs (no arms) of round 7's calibration posture of this kind (the ordinary postures: type)."""
    kind = "type" if kind in ORDINARY else kind
    return T._sit_legs_var(kind, CAL_VAR[kind]) if kind in CAL_VAR else T._sit_legs(kind)


def legs_record(T: Templates, kind: str, var: tuple | None, calib_side: str, hold: int | None = None,
                calibration: str | None = None) -> dict:
    """Round 7's per-hold leg truth (frames' "legs_variant"): the solved leg parameters of the hold's posture (no
    sway), what was drawn and the difference from the calibration's posture of the same kind."""
    p = T._sit_legs(kind) if var is None else T._sit_legs_var(kind, var)
    mk = _masks()
    V = _run(T.ph, [p])["vertices"][0]
    LR = lambda k, n=1: {s: _r(p[f"{k}{s}"], n) for s in "LR"}  # noqa: E731
    rec = {"of": "calibration" if calibration else "work", "posture": kind}
    if calibration:
        rec["calibration"] = calibration
    if hold is not None:
        rec["hold"] = hold
    rec.update({"thigh_deg": LR("thigh"), "knee_deg": LR("knee"), "adduction_deg": LR("add"),
                "foot_pitch_deg": LR("fp"), "toe_out_deg": LR("toe"),
                "hips_forward_m": _r(p["chair"] - p["py"], 3), "chair_back_m": _r(p["chair"], 3),
                "feet_min_z_m": {"L": _r(V[mk["footL"], 2].min(), 3), "R": _r(V[mk["footR"], 2].min(), 3)}})
    if kind in ("crossed", "crossed_r"):
        X = "L" if kind == "crossed" else "R"
        side = "left" if X == "L" else "right"
        rec.update({"crossing_leg": side, "mirror": side != calib_side,
                    "crossing_foot_above_floor_m": rec["feet_min_z_m"][X]})
    if kind == "tucked":
        rec["feet_above_rail_m"] = {s: _r(rec["feet_min_z_m"][s] - RAIL_TOP, 3) for s in "LR"}
    if var is not None and not calibration:
        rec["drawn"] = dict(var)
        rec.update(getattr(T, "var_info", {}).get((kind, var), {}))
        c = cal_legs(T, kind)
        rec["vs_calibration"] = {"of": kind if kind not in ORDINARY else "type",
                                 **{f"{k}_deg": {s: _r(p[f"{k2}{s}"] - c[f"{k2}{s}"]) for s in "LR"}
                                    for k, k2 in (("thigh", "thigh"), ("knee", "knee"), ("adduction", "add"),
                                                  ("foot_pitch", "fp"))},
                                 "hips_forward_m": _r((p["chair"] - p["py"]) - (c["chair"] - c["py"]), 3)}
    return rec


def pick_legs_variant(rng: random.Random, T: Templates, kind: str, scene: Scene, tries: int = 40) -> tuple:
    """Round 7: draw a hold's leg variant until its targets can be met and it is plausible (`legs_plausible`).
    Returns (var, the number of draws)."""
    for n in range(1, tries + 1):
        var = var_key(draw_legs_variant(rng, kind))
        try:
            p = T._sit_legs_var(kind, var)
        except LegsInfeasible:
            continue
        if legs_plausible(T, kind, p, scene)[0]:
            return var, n
    raise RuntimeError(f"{T.bk}: no plausible {kind} variant in {tries} draws")


def clip_by_name(name: str):
    return next(c for c in CLIPS + DK2_CLIPS + DK3_CLIPS + DK4_CLIPS + DK5_CLIPS + DK6_CLIPS + DK7_CLIPS
                if c[0] == name)


def used_postures(name: str) -> set:
    """The held postures of a clip's script (the standing-up target included; round 7: the calibration's too)."""
    out = {op[1] for op in clip_by_name(name)[7] if op[0] in ("sit", "stand", "up", "down")}
    for op in clip_by_name(name)[7]:
        if op[0] == "calibrate":
            out |= {"type", "crossed" if op[1] == "left" else "crossed_r", "tucked", "perch"}
    return out


# ---- building a clip -----------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def templates(bk: str, seat_h: float, desk_h: float) -> Templates:
    return Templates(bk, seat_h, desk_h)


@dataclass
class Clip:
    name: str
    bk: str
    outfit: Outfit
    cam: Cam
    scene: Scene
    tl: Timeline
    duration_s: float
    camera: object  # raster.PinholeCamera
    anchor: np.ndarray
    legs_visible: bool
    passers: list


def _perp_exit(camera, side: int) -> np.ndarray:
    """A horizontal way out of the picture: across the view (perpendicular to the optical axis), toward
    the person's back rather than into the desk, turned at most 30 deg off the x axis."""
    look = camera.R[2].copy()
    look[2] = 0.0
    look /= np.linalg.norm(look)
    perp = np.array([-look[1], look[0], 0.0])
    if perp[1] < -1e-6 or (abs(perp[1]) < 1e-6 and perp[0] * side < 0):
        perp = -perp
    ang = math.degrees(math.atan2(perp[1], abs(perp[0])))
    ang = min(ang, 30.0)
    sx = 1.0 if perp[0] >= 0 else -1.0
    return np.array([sx * math.cos(math.radians(ang)), math.sin(math.radians(ang)), 0.0])


def _exit_dist(camera, T: Templates, d: np.ndarray) -> float:
    """How far to walk along d from the standing place at the desk until a box round the body (0.45 m each
    way, 2 m high) is out of the picture, plus 0.3 m."""
    st = T.stand("desk")
    g = np.stack(np.meshgrid([-0.45, 0.0, 0.45], [-0.45, 0.0, 0.45], np.linspace(0.0, 2.0, 9)), -1).reshape(-1, 3)
    for s in np.arange(0.5, 15.0, 0.1):
        c = np.array([st["px"] + (s + 0.1) * d[0], st["py"] + (s + 0.1) * d[1], 0.0])
        if in_image_frac(camera, g + c) == 0.0:
            return float(s) + 0.3
    raise RuntimeError("no way out of the picture")


def build(name: str) -> Clip:
    _, bk, oi, ck, seat_h, desk_h, _, script, passers = clip_by_name(name)
    cam = CAMERAS[ck]
    T = templates(bk, seat_h, desk_h)
    room = cam.anchor == "pelvis"
    desk_x = 0.0
    if room and abs(cam.azimuth) < 90:  # a front-side room camera: the person sits near the desk's far end
        desk_x = -math.copysign(cam.desk_dx, cam.azimuth)
    if name in DK3_NAMES:  # round 3: a chair and a desk of the clip's own colours
        colours = dict(chair_rgb=DK3_COLOURS[name][0], desk_rgb=DK3_COLOURS[name][1])
    elif name in DK4_NAMES:  # round 4: the same, from DK4_COLOURS
        colours = dict(chair_rgb=DK4_COLOURS[name][0], desk_rgb=DK4_COLOURS[name][1])
    elif name in DK5_NAMES:  # round 5: the same, from DK5_COLOURS
        colours = dict(chair_rgb=DK5_COLOURS[name][0], desk_rgb=DK5_COLOURS[name][1])
    elif name in DK6_NAMES:  # round 6: the same, from DK6_COLOURS
        colours = dict(chair_rgb=DK6_COLOURS[name][0], desk_rgb=DK6_COLOURS[name][1])
    elif name in DK7_NAMES:  # round 7: the same, from DK7_COLOURS
        colours = dict(chair_rgb=DK7_COLOURS[name][0], desk_rgb=DK7_COLOURS[name][1])
    elif oi == 2:  # round 2's look: a blue chair, a dark or grey desk
        colours = dict(chair_rgb=(40, 75, 120), desk_rgb=((105, 75, 50) if seat_h < 0.5 else (150, 150, 145)))
    else:
        colours = dict(chair_rgb=((60, 62, 70) if oi == 0 else (120, 40, 40)),
                       desk_rgb=((170, 135, 95) if seat_h < 0.47 or oi else (215, 215, 210)))
    scene = Scene(**T.scene_kw, desk_x=desk_x, panel=not room, monitor=room, rail=room, **colours)
    anchor = T.chest.copy() if not room else np.array([0.0, T.hip_y, 0.55])
    pdist = cam.dist
    behind = max([p[2] for p in passers] + [0.0])
    wall = pdist + behind + 2.5
    camera = place_camera(cam, anchor, wall)
    r7 = script[0][0] == "calibrate"
    tl = Timeline(T, "type" if r7 else script[0][1])
    if r7:  # round 7: the calibration block, then every sitting hold of the work with its own leg variant
        side = script[0][1]
        rng = random.Random(f"{DK7_VARIANT_SEED}:{name}")
        tl.calibrate(side, info_of=lambda lab, kind: {
            "calibration": lab, "legs_variant": legs_record(T, kind, CAL_VAR.get(kind), side, calibration=lab)})
        tl.work_holds = []
        pending = None  # (posture, var, info) of a sit-down, held on by the next ("sit", posture, ...)
    for op in script:
        if op[0] == "calibrate":
            continue
        if op[0] == "sit" and r7:
            if pending is not None and pending[0] == op[1]:
                _, var, info = pending
            else:
                var, n = pick_legs_variant(rng, T, op[1], scene)
                info = {"calibration": None,
                        "legs_variant": dict(legs_record(T, op[1], var, side, hold=len(tl.work_holds)), draws=n)}
            pending = None
            first = tl.t < tl.calib_end - CALIB_CHANGE_S + 1e-9
            tl.sit(op[1], op[2] - tl.t, var=var, change_s=CALIB_CHANGE_S if first else CHANGE_S, info=info)
            tl.work_holds.append(tl.segs[-1])
        elif op[0] == "sit":
            tl.sit(op[1], op[2] - tl.t)
        elif op[0] == "up":
            tl.up(op[1])
        elif op[0] == "stand":
            tl.stand(op[1], op[2] - tl.t)
        elif op[0] == "down" and r7:
            var, n = pick_legs_variant(rng, T, op[1], scene)
            pending = (op[1], var, {"calibration": None,
                                    "legs_variant": dict(legs_record(T, op[1], var, side, hold=len(tl.work_holds)),
                                                         draws=n)})
            tl.down(op[1], var)
        elif op[0] == "down":
            tl.down(op[1])
        elif op[0] == "out":
            if len(op) > 2:  # a way out given (x, y): near the side view across the picture is along the view
                d = np.array([op[2][0], op[2][1], 0.0])
                d /= np.linalg.norm(d)
            else:
                d = _perp_exit(camera, op[1])
            tl.out(d, _exit_dist(camera, T, d))
        elif op[0] == "away":
            tl.away(op[1] - tl.t)
        elif op[0] == "back":
            tl.back()
    dur = math.floor(tl.t * FPS) / FPS
    return Clip(name, bk, OUTFITS[bk][oi], cam, scene, tl, dur, camera, anchor, room, passers)


def lift_feet(ph: dict, params: list, V: np.ndarray, bps: np.ndarray) -> dict:
    """Round 7: the frames (not walking) in which a foot's lowest skin is below the floor (more than 2 mm: the
    parameters eased between two held postures, in the changes of sitting posture and in standing up / sitting down)
    are corrected in place: a leg whose foot is 0.25 m or more in front of its hip is lifted at the hip (the thigh's
    elevation raised by depth / that distance), otherwise the whole body is raised by the depth; repeated until the
    foot is on the floor. V (and params) updated. Returns a summary for truth.json."""
    import body

    mk = _masks()
    hip = {s: body.model().bone_labels.index(f"upperleg01.{s}") for s in "LR"}

    def low(v, s):
        i = int(np.argmin(v[mk[f"foot{s}"], 2]))
        return v[mk[f"foot{s}"]][i]

    todo = [i for i, p in enumerate(params) if not p["gait"]
            and min(float(V[i][mk["footL"], 2].min()), float(V[i][mk["footR"], 2].min())) < -0.002]
    first = {i: min(float(V[i][mk["footL"], 2].min()), float(V[i][mk["footR"], 2].min())) for i in todo}
    bp = {i: bps[i] for i in todo}
    thigh_lift, body_lift = {}, {}
    for _ in range(8):
        if not todo:
            break
        for i in todo:
            p = params[i]
            rise = 0.0
            for s in "LR":
                q = low(V[i], s)
                if q[2] >= -0.001:
                    continue
                h = float(np.hypot(*(q[:2] - bp[i][hip[s], :2, 3])))
                if h >= 0.25:
                    d = math.degrees((0.001 - q[2]) / h)
                    p[f"thigh{s}"] += d
                    thigh_lift[(i, s)] = thigh_lift.get((i, s), 0.0) + d
                else:
                    rise = max(rise, 0.001 - float(q[2]))
            if rise:
                p["pz"] += rise
                body_lift[i] = body_lift.get(i, 0.0) + rise
        r = body.run(ph, [build_pose(ph, params[i], params[i]["_phase"]) for i in todo])
        for j, i in enumerate(todo):
            V[i] = r["vertices"][j]
            bp[i] = r["bone_poses"][j]
        todo = [i for i in todo if min(float(V[i][mk["footL"], 2].min()), float(V[i][mk["footR"], 2].min())) < -0.002]
    return {"frames": len(first), "deepest_before_m": round(min(first.values()), 3) if first else 0.0,
            "max_thigh_lift_deg": round(max(thigh_lift.values(), default=0.0), 1),
            "max_body_lift_m": round(max(body_lift.values(), default=0.0), 3),
            "deepest_after_m": round(min((min(float(V[i][mk["footL"], 2].min()), float(V[i][mk["footR"], 2].min()))
                                          for i in first), default=0.0), 3),
            "note": "round 7: frames (not walking) whose feet the eased parameters put below the floor (the changes "
                    "between sitting postures, standing up, sitting down) were corrected: the leg lifted at the hip "
                    "(the foot 0.25 m or more in front of the hip) or the body raised, until the foot is on the floor"}


def passer_track(clip: Clip, ps: tuple) -> tuple:
    """The passer-by's path: (t0, t1, start point, unit direction, yaw, speed)."""
    t0, direction, behind, speed, who = ps
    cam = clip.camera
    look = cam.R[2].copy()
    look[2] = 0.0
    look /= np.linalg.norm(look)
    right = np.array([look[1], -look[0], 0.0])
    depth = float(np.hypot(*(clip.anchor[:2] - cam.C[:2])))
    D = depth + behind
    half = D * math.tan(math.radians(FOV_H / 2)) + 0.9
    centre = cam.C[:2] + D * look[:2]
    d = direction * right
    start = np.array([centre[0], centre[1], 0.0]) - half * d
    yaw = math.degrees(math.atan2(d[0], -d[1]))
    return t0, t0 + 2 * half / speed, start, d, yaw, speed


# ---- rendering ------------------------------------------------------------------------------------------------------

def params_at(keys: list, t: float) -> dict:
    ts = [k[0] for k in keys]
    if t <= ts[0]:
        return dict(keys[0][1])
    if t >= ts[-1]:
        return dict(keys[-1][1])
    i = int(np.searchsorted(ts, t, side="right")) - 1
    (ta, a), (tb, b) = keys[i], keys[i + 1]
    return lerp(a, b, ease((t - ta) / (tb - ta)) if tb > ta else 1.0)


def seg_at(segs: list, t: float) -> tuple:
    for i, s in enumerate(segs):
        if s.t0 - 1e-9 <= t < s.t1 - 1e-9:
            return i, s
    return len(segs) - 1, segs[-1]


FRAME_NOTE = (
    "frames[i] is video frame i at t_s = i / fps. state: 'sitting' (on the chair), 'standing' (on the feet, at or "
    "near the desk, stretching, or walking while any part of the body is in the picture), 'transition' (the "
    "frames strictly inside standing up or sitting down: rolling back with the chair, leaning forward, rising / "
    "lowering), 'away' (no vertex of the desk person projects into the image: out of the picture). pose: the "
    "held posture or movement (sitting: type = upright, the hands at the keyboard; slouch; lean_fwd = leaning "
    "toward the screen, forearms on the desk; lean_back = leaning back against the backrest, hands in the lap; "
    "hand_face = the right hand at the face, the elbow on the desk; crossed = the left knee over the right; "
    "tucked = both feet tucked back on the chair's foot rail, off the floor; perch = on the front edge of the "
    "seat, hips forward, thighs sloping down, feet back on the toes; 'a>b' = changing from a to b; standing: desk "
    "= at the desk, arms down; desk_type = at the desk leaning over the keyboard, hands on it; back = 0.45-0.6 m "
    "back from the desk and to the side, arms folded; stretch = arms overhead; walking_out / walking_in; "
    "standing_up / sitting_down; away). crossed_legs, perch, feet_off_floor: the posture flags (switch at the "
    "middle of the change into or out of the posture). second_person: at least 5% of a passer-by's vertices "
    "project into the image (second_person_frac gives the fraction; occlusion not counted). person_in_image: the "
    "fraction of the desk person's vertices that project into the image (occlusion by the desk not counted). "
    "feet_min_z_m: the lowest skin of the left / right foot above the floor.")
# round 6 has a mirrored crossing too
FRAME_NOTE_R6 = FRAME_NOTE + (" Round 6: crossed_r = the right knee over the left (the mirror image of crossed); "
                              "its frames have crossed_legs true as well.")
FRAME_NOTE_R7 = FRAME_NOTE_R6.replace(" Round 6:", " Rounds 6 and 7:") + (
    " Round 7: part = 'calibration' (t < calibration_end_s: the calibration's holds and the changes between them, "
    "the last change back to ordinary sitting included) or 'work'. calibration_hold = 'ordinary' | 'crossed' | "
    "'tucked' | 'perch' on the frames of the calibration's holds (not its changes), else null. legs_variant: on "
    "every frame of a held sitting posture (null in the changes, standing, walking, away): the hold's legs as posed "
    "(before the small sway, which moves only the trunk, the head and the pelvis sideways by 1.2 cm at most): of = "
    "'calibration' | 'work', posture, thigh_deg (each thigh's elevation from the vertical, 90 = horizontal forward), "
    "knee_deg (knee flexion, 0 = straight), adduction_deg (+ = the thigh turned toward the midline, - = apart), "
    "foot_pitch_deg (the foot's world pitch, + = the heel up / toes down), toe_out_deg, hips_forward_m (the pelvis "
    "forward of its ordinary place on the seat: perch), chair_back_m (the person rolled back with the chair so that "
    "a raised knee or the trunk clears the desk), feet_min_z_m (each foot's lowest skin above the floor); crossed: "
    "crossing_leg ('left' = the left knee over the right), mirror (on the other side from the calibration's), "
    "crossing_foot_above_floor_m; tucked: feet_above_rail_m; work holds also: hold (index in work_holds), drawn "
    "(the values drawn for the hold, `draw_legs_variant`), knee_aim_deg (tucked and ordinary: the knee flexion "
    "aimed at; the solved one is the nearest the foot pitch / thigh grid reaches with the sole on the floor / "
    "rail), feet_forward (ordinary: the foot in front of the knee), vs_calibration (the solved values minus the "
    "calibration's of the same posture; the ordinary postures against the calibration's ordinary = type), draws "
    "(how many draws it took to get a plausible one).")
CALIB_NOTE = (
    "Round 7: romcam's leg calibration at the start of the clip, as romcam asks for it: ordinary sitting (typing, "
    "feet flat) 15 s, 3 s change, crossed legs 15 s (calibration_side: 'left' = the left knee over the right, pose "
    "crossed; 'right' = crossed_r), 3 s change, feet tucked off the floor on the chair's foot rail 15 s, 3 s change, "
    "perched on the seat's front edge 15 s, then 3 s back to ordinary sitting (the first work hold's change). "
    "calibration: each hold's [start_s, end_s] (the frames with start_s <= t_s < end_s carry calibration_hold; all "
    "frames with start_s <= t_s <= end_s have that hold's flags: crossed_legs / feet_off_floor / perch true, the "
    "others false; the flags switch at the middle of the changes, 1.5 s outside the holds). The calibration's "
    "postures are the generator's templates (as in round 6), except that for the perch the person is rolled back "
    "with the chair (chair_back_m) so that the trunk, which the template leans 4-5 cm into the desk top's edge, "
    "clears it; the work after calibration_end_s repeats the leg postures with the legs varied per hold "
    "(work_holds[].legs_variant).")


def render(name: str, out: Path, png: bool = False, log=print, dry: bool = False) -> dict:
    """Render one clip into out (dry: only pose it and compute the truth, nothing written)."""
    import av
    import cv2

    import body

    t_start = time.time()
    clip = build(name)
    tl, cam = clip.tl, clip.camera
    ph = BODIES[clip.bk]
    n = int(round(clip.duration_s * FPS))
    ts = np.arange(n) / FPS
    seed = sum(ord(c) for c in name)
    params = []
    dist = 0.0
    prev = None
    for t in ts:
        p = params_at(tl.keys, float(t))
        if p["sway"]:
            for k, v in sway(float(t), seed).items():
                p[k] += p["sway"] * v
        if prev is not None:
            dist += math.hypot(p["px"] - prev["px"], p["py"] - prev["py"])
        prev = p
        p["_phase"] = math.pi * dist / STEP_M
        params.append(p)
    poses = [build_pose(ph, p, p["_phase"]) for p in params]
    res = body.run(ph, poses)
    V = res["vertices"]
    if tl.calib is not None:  # round 7: no foot through the floor in the changes between postures either
        clip.floor_fix = lift_feet(ph, params, V, res["bone_poses"])
    dressing = body.dress(clip.outfit, res["rest_vertices"], res["rest_bone_heads"])
    mk = _masks()
    # passers-by
    pas = [None] * n
    pV = {}
    ptracks = []
    for k, ps in enumerate(clip.passers):
        t0, t1, start, d, yaw, speed = passer_track(clip, ps)
        ptracks.append((t0, t1))
        who = ps[4]
        pT = templates(who, 0.45, 0.73)
        idx = [i for i in range(n) if t0 <= ts[i] <= t1]
        pp = []
        for i in idx:
            s = (ts[i] - t0) * speed
            q = P(pz=pT.stand_z, px=float(start[0] + s * d[0]), py=float(start[1] + s * d[1]), yaw=yaw, gait=1.0)
            pp.append(build_pose(BODIES[who], q, math.pi * s / STEP_M + k))
        if idx:
            r = body.run(BODIES[who], pp)
            if who not in pV:
                po = (PASSER_OUTFIT_R3 if name in DK3_NAMES else PASSER_OUTFIT_R4 if name in DK4_NAMES
                      else PASSER_OUTFIT_R5 if name in DK5_NAMES else PASSER_OUTFIT_R6 if name in DK6_NAMES
                      else PASSER_OUTFIT_R7 if name in DK7_NAMES else PASSER_OUTFIT)[who]
                pV[who] = body.dress(po, r["rest_vertices"], r["rest_bone_heads"])
            for j, i in enumerate(idx):
                if pas[i] is not None:
                    raise RuntimeError(f"{name}: two passers-by at once")
                pas[i] = (who, r["vertices"][j])
    t_pose = time.time() - t_start
    # frames
    if not dry:
        out.mkdir(parents=True, exist_ok=True)
    mp4 = out / f"{name}.mp4"
    container = av.open(str(mp4), "w") if not dry else None
    if not dry:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height = WIDTH, HEIGHT
        stream.pix_fmt = "yuv420p"
        stream.options = {"crf": "23", "preset": "medium"}
    frames, imgs_kept, png_imgs = [], {}, {}
    # PNG frames: the middle of the first segment of each held posture, and of the first stand-up / sit-down
    png_at, seen = set(), set()
    r7 = tl.calib is not None
    for sg in tl.segs:
        if r7 and sg.state == "sitting" and (sg.pose in LEG_POSTURES or sg.flags.get("calibration")):
            # round 7: the middle of every calibration hold and of every leg-posture hold of the work
            png_at.add(min(n - 1, int(round(0.5 * (sg.t0 + sg.t1) * FPS))))
            continue
        if sg.pose in seen or ">" in sg.pose or sg.state in ("walk", "away"):
            continue
        seen.add(sg.pose)
        png_at.add(min(n - 1, int(round(0.5 * (sg.t0 + sg.t1) * FPS))))
    sheet_every = int(15 * FPS)
    png_frames = set()
    prev_key, img, n_drawn = None, None, 0
    try:
        for i in range(n):
            t = float(ts[i])
            vis = in_image_frac(cam, V[i][::4])
            pv = in_image_frac(cam, pas[i][1][::4]) if pas[i] is not None else 0.0
            chair = params[i]["chair"]
            key = (V[i].tobytes() if vis > 0 else b"", pas[i][1].tobytes() if pv > 0 else b"", round(chair, 6))
            if key != prev_key and not dry:
                bt = []
                if vis > 0:
                    bt.append((body.dressed_triangles(V[i], dressing), dressing["colors"]))
                if pv > 0:
                    dz = pV[pas[i][0]]
                    bt.append((body.dressed_triangles(pas[i][1], dz), dz["colors"]))
                img = render_frame(cam, bt, clip.scene.boxes(chair), clip.scene.planes)
                n_drawn += 1
            prev_key = key
            if not dry:
                for pk in stream.encode(av.VideoFrame.from_ndarray(img, format="bgr24")):
                    container.mux(pk)
            si, sg = seg_at(tl.segs, t)
            state = sg.state
            if state == "transition" and abs(t - sg.t0) < 1e-9 and si > 0:
                state = tl.segs[si - 1].state
            if state == "walk":
                state = "standing"
            if vis == 0.0:
                state = "away"
            elif state == "away":
                raise RuntimeError(f"{name}: the person is in the picture at {t} s of an away segment")
            fl = sg.flags
            if "switch_s" in fl:
                fl = fl["from"] if t < fl["switch_s"] else fl["to"]
            pose_name = sg.pose if state != "away" else "away"
            fz = [float(V[i][mk["footL"], 2].min()), float(V[i][mk["footR"], 2].min())]
            frames.append({"t_s": t, "state": state,
                           "crossed_legs": bool(fl.get("crossed_legs", False)) and state == "sitting",
                           "feet_off_floor": bool(fl.get("feet_off_floor", False)) and state == "sitting",
                           "perch": bool(fl.get("perch", False)) and state == "sitting",
                           "second_person": pv >= 0.05, "pose": pose_name,
                           "person_in_image": round(vis, 3), "second_person_frac": round(pv, 3),
                           "feet_min_z_m": [round(z, 3) + 0.0 for z in fz]})
            if r7:  # round 7: the calibration and the hold's legs
                held = ">" not in sg.pose and state == "sitting" and "legs_variant" in sg.flags
                frames[-1].update({"part": "calibration" if t < tl.calib_end - 1e-9 else "work",
                                   "calibration_hold": sg.flags.get("calibration") if held else None,
                                   "legs_variant": sg.flags["legs_variant"] if held else None})
            if i % sheet_every == 0 and not dry:
                imgs_kept[i] = img.copy()
            if png and i in png_at and not dry:
                png_imgs[i] = img.copy()
        if not dry:
            for pk in stream.encode():
                container.mux(pk)
    finally:
        if container is not None:
            container.close()
    t_render = time.time() - t_start - t_pose
    meta = truth(clip, frames, ptracks, n_drawn, dressing)
    bad = [m for m in meta["minutes"] if m["whole"] and m["majority_s"] < 40.0]
    if dry:
        mins = ", ".join(f"{m['minute']}:{m['majority'][:5]}({m['majority_s']:g})" for m in meta["minutes"])
        secs = {k: round(v / 60.0, 2) for k, v in meta["seconds_per_state"].items()}
        log(f"{name} [{meta['split']}] {clip.duration_s:g} s: {mins}; min/state {secs}; feet {meta['feet_check']}"
            + (" BAD MINUTES" if bad else ""))
        return meta
    if bad:
        raise RuntimeError(f"{name}: minutes without a 40 s state: {bad}")
    if meta["feet_check"]["mismatch_frames"]:
        log(f"{name}: feet_off_floor disagrees with the feet's height in {meta['feet_check']}")
    with open(out / f"{name}.truth.json", "w") as fh:
        json.dump(meta, fh, indent=1)
        fh.write("\n")
    if png:
        write_sheet(out / f"{name}.sheet.png", imgs_kept, frames, name)
        for i, im in png_imgs.items():
            tag = ("_calib" if frames[i].get("calibration_hold") else "_work" if frames[i].get("legs_variant")
                   else "") if r7 else ""
            stem = f"{name}.f{i:04d}_{frames[i]['state']}_{frames[i]['pose'].replace('>', '-')}"
            cv2.imwrite(str(out / f"{stem}{tag}.png"), im)
    mins = ", ".join(f"{m['minute']}:{m['majority']}({m['majority_s']:g})" for m in meta["minutes"])
    log(f"{name} [{meta['split']}]: {n} frames ({n_drawn} drawn), pose {t_pose:.1f} s, render {t_render:.1f} s, "
        f"{mp4.stat().st_size / 1e6:.2f} MB; minutes {mins}")
    return meta


def write_sheet(path: Path, imgs: dict, frames: list, name: str) -> None:
    import cv2

    tiles = []
    for i in sorted(imgs):
        im = cv2.resize(imgs[i], (240, 180), interpolation=cv2.INTER_AREA)
        f = frames[i]
        lab = f"{f['t_s']:.0f}s {f['state']}" + (" X" if f["crossed_legs"] else "") + \
              (" F" if f["feet_off_floor"] else "") + (" P" if f["perch"] else "") + (" 2nd" if f["second_person"] else "")
        if f.get("calibration_hold"):  # round 7
            lab += " cal"
        cv2.rectangle(im, (0, 0), (240, 18), (255, 255, 255), -1)
        cv2.putText(im, lab, (3, 13), cv2.FONT_HERSHEY_SIMPLEX, 0.42, (0, 0, 160), 1, cv2.LINE_AA)
        tiles.append(im)
    cols = 6
    while len(tiles) % cols:
        tiles.append(np.full_like(tiles[0], 255))
    rows = [np.concatenate(tiles[r:r + cols], 1) for r in range(0, len(tiles), cols)]
    cv2.imwrite(str(path), np.concatenate(rows, 0))


def truth(clip: Clip, frames: list, ptracks: list, n_drawn: int, dressing: dict) -> dict:
    n = len(frames)
    minutes = []
    for m in range(int(math.ceil(clip.duration_s / 60.0 - 1e-9))):
        sel = [f for f in frames if 60 * m <= f["t_s"] < 60 * (m + 1)]
        secs = {}
        for f in sel:
            secs[f["state"]] = secs.get(f["state"], 0.0) + 1.0 / FPS
        maj = max(secs, key=secs.get)
        minutes.append({"minute": m, "start_s": 60 * m, "end_s": min(60 * (m + 1), clip.duration_s),
                        "whole": 60 * (m + 1) <= clip.duration_s + 1e-9, "state_s": secs, "majority": maj,
                        "majority_s": secs[maj]})
    state_s = {}
    for f in frames:
        state_s[f["state"]] = state_s.get(f["state"], 0.0) + 1.0 / FPS
    cam = clip.camera
    c = clip.cam
    meta = {
        "name": clip.name,
        "generator": GENERATOR,
        "activity": "desk",
        "fps": FPS,
        "frames_count": n,
        "duration_s": clip.duration_s,
        "size": [WIDTH, HEIGHT],
        "video": {"codec": "h264 (libx264)", "pix_fmt": "yuv420p", "crf": 23, "writer": "PyAV"},
        "split": SPLITS[clip.name],
        "split_seed": (DK6_SPLIT_SEED if clip.name in DK6_NAMES else DK7_SPLIT_SEED if clip.name in DK7_NAMES else
                       SPLIT_SEED if clip.name not in DK2_NAMES | DK3_NAMES | DK4_NAMES | DK5_NAMES else None),
        **({"round": 2, "split_note": "round 2: a second held-out set, every clip held out, made after the rules "
                                      "were tuned on round 1 (dk_*)"} if clip.name in DK2_NAMES else {}),
        **({"round": 3, "split_note": "round 3: a third held-out set, every clip held out, made fresh after rounds 1 "
                                      "(dk_*) and 2 (dk2_*), with outfits, chair and desk colours and camera "
                                      "positions not used in them"} if clip.name in DK3_NAMES else {}),
        **({"round": 4, "split_note": "round 4: a fourth held-out set, every clip held out, made fresh after rounds "
                                      "1-3 (dk_*, dk2_*, dk3_*), with outfits, chair and desk colours and camera "
                                      "positions not used in them"} if clip.name in DK4_NAMES else {}),
        **({"round": 5, "split_note": "round 5: a fifth held-out set, every clip held out, made fresh after rounds "
                                      "1-4 (dk_*, dk2_*, dk3_*, dk4_*), with outfits, chair and desk colours and "
                                      "camera positions not used in them"} if clip.name in DK5_NAMES else {}),
        **({"round": 6, "split_note": DK6_SPLIT_NOTE} if clip.name in DK6_NAMES else {}),
        **({"round": 7, "split_note": DK7_SPLIT_NOTE} if clip.name in DK7_NAMES else {}),
        "body": clip.bk,
        "body_text": BODY_TEXT[clip.bk],
        "phenotype": BODIES[clip.bk],
        "outfit": {k: list(v) if isinstance(v, tuple) else v for k, v in clip.outfit.__dict__.items()
                   if k in ("skin", "shorts", "shirt", "shoes", "hair")},
        "camera": {"kind": c.kind, "azimuth_deg": c.azimuth,
                   "azimuth_note": "the camera's horizontal direction from the anchor, 0 = straight in front of "
                                   "the person, + = toward the person's left",
                   "distance_m": c.dist, "distance_to_anchor_3d_m": round(float(np.linalg.norm(cam.C - clip.anchor)), 3),
                   "anchor": c.anchor, "anchor_world_m": [round(float(v), 3) for v in clip.anchor],
                   "height_m": c.height, "pitch_down_deg": c.pitch, "fov_h_deg": FOV_H,
                   "K": cam.K.round(4).tolist(), "R_world_to_cam": cam.R.round(6).tolist(),
                   "centre_world_m": cam.C.round(4).tolist()},
        "legs_visible": clip.legs_visible,
        "scene": clip.scene.as_json(),
        "seconds_per_state": state_s,
        "segments": [{"start_s": s.t0, "end_s": s.t1, "state": s.state, "pose": s.pose} for s in clip.tl.segs],
        "passers_by": [{"start_s": round(a, 2), "end_s": round(b, 2), "body": p[4], "behind_m": p[2],
                        "speed_m_s": p[3], "direction": p[1],
                        "seen_s": sum(1.0 / FPS for f in frames if a <= f["t_s"] <= b and f["second_person"]),
                        "desk_person_states": sorted({f["state"] for f in frames
                                                      if a <= f["t_s"] <= b and f["second_person"]})}
                       for (a, b), p in zip(ptracks, clip.passers)],
        "minutes": minutes,
        "rendered_frames": n_drawn,
        "arm_ik_error_m": {k: round(v, 3) for k, v in templates(clip.bk, clip.scene.seat_h, clip.scene.desk_h).ik_err.items()
                           if k in used_postures(clip.name)},
        "feet_check": feet_check(frames),
        "note": NOTE,
        "frame_note": FRAME_NOTE_R6 if clip.name in DK6_NAMES else FRAME_NOTE_R7 if clip.name in DK7_NAMES
        else FRAME_NOTE,
        "frames": frames,
    }
    if clip.name in DK7_NAMES:
        meta = _truth_r7(clip, meta)
    return meta


def _truth_r7(clip: Clip, meta: dict) -> dict:
    """Round 7's calibration and leg-variant truth, inserted before "note"."""
    tl = clip.tl
    T = templates(clip.bk, clip.scene.seat_h, clip.scene.desk_h)
    holds = []
    for sg in tl.work_holds:
        lv = sg.flags["legs_variant"]
        holds.append({"hold": lv["hold"], "start_s": sg.t0, "end_s": sg.t1, "pose": sg.pose,
                      "legs_variant": lv,
                      "plausibility": legs_plausible(T, sg.pose, T._sit_legs_var(sg.pose, tl_var(tl, sg)),
                                                     clip.scene)[1]})
    kinds = {}
    for h in holds:
        kinds.setdefault(h["pose"], []).append(round(h["end_s"] - h["start_s"], 2))
    ik = {}
    for sg in tl.work_holds:
        e = T.ik_err.get((sg.pose, tl_var(tl, sg)))
        if e is not None:
            ik[sg.pose] = max(ik.get(sg.pose, 0.0), round(e, 3))
    for k, v in CAL_VAR.items():  # the calibration's perch is posed as a variant
        if (k, v) in T.ik_err:
            meta["arm_ik_error_m"][k] = round(T.ik_err[(k, v)], 3)
    r7 = {
        "calibration": {k: list(v) for k, v in tl.calib.items()},
        "calibration_side": tl.calib_side,
        "calibration_end_s": tl.calib_end,
        "calibration_note": CALIB_NOTE,
        "calibration_legs": {sg.flags["calibration"]: sg.flags["legs_variant"] for sg in tl.segs
                             if sg.flags.get("calibration")},
        "legs_variant_seed": f"random.Random('{DK7_VARIANT_SEED}:{clip.name}')",
        "work_holds": holds,
        "work_leg_holds_s": {k: v for k, v in kinds.items() if k in LEG_POSTURES},
        "work_mirror_crossing": any(h["legs_variant"].get("mirror") for h in holds),
        "feet_floor_fix": getattr(clip, "floor_fix", None),
        "arm_ik_error_m_work": ik,
    }
    out = {}
    for k, v in meta.items():
        if k == "note":
            out.update(r7)
        out[k] = v
    return out


def tl_var(tl: Timeline, sg: Seg) -> tuple:
    """The leg variant (var key) of a round-7 work hold segment."""
    return var_key(sg.flags["legs_variant"]["drawn"])


def feet_check(frames: list) -> dict:
    """Scripted feet_off_floor against the feet's height, while sitting in a held posture (not changing)."""
    bad = []
    for i, f in enumerate(frames):
        if f["state"] != "sitting" or ">" in f["pose"]:
            continue
        lo = min(f["feet_min_z_m"])
        if f["feet_off_floor"] and lo < 0.03 or (not f["feet_off_floor"] and f["pose"] not in ("crossed", "crossed_r") and lo > 0.01):
            bad.append(i)
    return {"mismatch_frames": len(bad), "first": bad[:5]}


NOTE = ("Desk-mode clip: a rendered person (anny body) at a desk, 2 frames per second. The truth is by "
        "construction: the timeline's states, with 'away' decided geometrically (the person is out of the "
        "picture). minutes[]: seconds per state in each minute (0-60 s, 60-120 s, ...) and the majority state; "
        "every whole minute has a state of 40 s or more. legs_visible: the legs are in view for most of the "
        "clip (room cameras; a monitor camera's view of the legs is blocked by the desk). The passer-by walks "
        "across behind the desk person (behind_m farther from the camera), drawn with the desk person and the "
        "props in one depth order.")


# ---- split ------------------------------------------------------------------------------------------------------------

def splits() -> dict:
    """name -> "tuning" | "heldout". The clips come in pairs of the same camera kind (CLIPS' split group);
    random.Random(SPLIT_SEED) picks which clip of each pair is tuning, and draws again (the same generator,
    so the result is fixed) until every body has as many tuning as held-out clips, give or take one, and
    the two halves' lengths differ by 6 minutes or less."""
    rng = random.Random(SPLIT_SEED)
    groups = []
    for c in CLIPS:
        if c[6] not in groups:
            groups.append(c[6])
    for _ in range(10000):
        out = {}
        for g in groups:
            names = [c[0] for c in CLIPS if c[6] == g]
            rng.shuffle(names)
            for i, nm in enumerate(names):
                out[nm] = "tuning" if i < (len(names) + 1) // 2 else "heldout"
        ok = True
        for bk in BODIES:
            d = sum(1 if out[c[0]] == "tuning" else -1 for c in CLIPS if c[1] == bk)
            ok &= abs(d) <= 1
        mins = sum((1 if out[c[0]] == "tuning" else -1) * _script_end(c[7]) for c in CLIPS) / 60.0
        if ok and abs(mins) <= 6.0:
            return out
    raise RuntimeError("no balanced split")


def _script_end(script: list) -> float:
    return float(max(op[-1] for op in script if op[0] in ("sit", "stand", "away")))


SPLITS = splits()
SPLITS.update({c[0]: "heldout" for c in DK2_CLIPS})  # round 2: all held out, not part of the seeded split
SPLITS.update({c[0]: "heldout" for c in DK3_CLIPS})  # round 3: the same
SPLITS.update({c[0]: "heldout" for c in DK4_CLIPS})  # round 4: the same
SPLITS.update({c[0]: "heldout" for c in DK5_CLIPS})  # round 5: the same


def splits_r6() -> dict:
    """Round 6's own split, fixed before any clip was rendered or run through a pose model: in each camera side
    (DK6_CLIPS' split group: r6-front, r6-back; four clips each) random.Random(DK6_SPLIT_SEED) picks two clips
    (from the names in sorted order) as tuning, the other two are held out, so both halves have cameras toward the
    front and toward the back, four clips each."""
    rng = random.Random(DK6_SPLIT_SEED)
    out = {}
    for g in ("r6-front", "r6-back"):
        names = sorted(c[0] for c in DK6_CLIPS if c[6] == g)
        tuning = set(rng.sample(names, len(names) // 2))
        out.update({nm: "tuning" if nm in tuning else "heldout" for nm in names})
    return out


DK6_SPLIT_NOTE = ("round 6: a sixth set, for the leg postures at the desk (crossed legs, feet tucked off the floor, "
                  "perching; room cameras only), split half tuning / half held-out: made fresh after rounds 1-5 "
                  "(dk_*, dk2_*, dk3_*, dk4_*, dk5_*), with outfits, chair and desk colours and camera positions not "
                  f"used in them, and split by random.Random({DK6_SPLIT_SEED}) (two of the four front-side and two "
                  "of the four back-side cameras' clips tuning) before any clip was rendered or run through a pose "
                  "model")
SPLITS.update(splits_r6())  # round 6: half tuning, half held out, by its own seed


def splits_r7() -> dict:
    """Round 7's own split, fixed before any clip was rendered or run through a pose model, the same way as
    `splits_r6`: in each camera side (DK7_CLIPS' split group: r7-front, r7-back; four clips each)
    random.Random(DK7_SPLIT_SEED) picks two clips (from the names in sorted order) as tuning, the other two are held
    out."""
    rng = random.Random(DK7_SPLIT_SEED)
    out = {}
    for g in ("r7-front", "r7-back"):
        names = sorted(c[0] for c in DK7_CLIPS if c[6] == g)
        tuning = set(rng.sample(names, len(names) // 2))
        out.update({nm: "tuning" if nm in tuning else "heldout" for nm in names})
    return out


DK7_SPLIT_NOTE = ("round 7: a seventh set, for romcam's per-person leg calibration (each clip starts with the "
                  "calibration: ordinary, crossed, tucked, perched, 15 s each; the work after it repeats the leg "
                  "postures done differently; room cameras only), split half tuning / half held-out: made fresh after "
                  "rounds 1-6 (dk_* ... dk6_*), with outfits, chair and desk colours and camera positions not used in "
                  f"them, and split by random.Random({DK7_SPLIT_SEED}) (two of the four front-side and two of the four "
                  "back-side cameras' clips tuning) before any clip was rendered or run through a pose model")
SPLITS.update(splits_r7())  # round 7: half tuning, half held out, by its own seed


def write_index(out: Path, round2: bool = False, round3: bool = False, round4: bool = False,
                round5: bool = False, round6: bool = False) -> Path:
    """samples/truth_desk/README.md: how the clips were made and one line per clip, from the truth.json files
    (round2: samples/truth_desk2/README.md, the dk2_* clips; round3: samples/truth_desk3/README.md, the dk3_*
    clips; round4: samples/truth_desk4/README.md, the dk4_* clips; round5: samples/truth_desk5/README.md, the dk5_*
    clips; round6: samples/truth_desk6/README.md, the dk6_* clips)."""
    rows = []
    tot = {"tuning": 0.0, "heldout": 0.0}
    for c in (DK6_CLIPS if round6 else DK5_CLIPS if round5 else DK4_CLIPS if round4 else DK3_CLIPS if round3 else DK2_CLIPS if round2
              else CLIPS):
        f = out / f"{c[0]}.truth.json"
        if not f.exists():
            continue
        d = json.load(open(f))
        tot[d["split"]] += d["duration_s"] / 60.0
        st = d["seconds_per_state"]
        flags = {k: sum(1.0 / FPS for fr in d["frames"] if fr[k]) for k in ("crossed_legs", "feet_off_floor", "perch",
                                                                          "second_person")}
        # round 6: the mirrored crossing's share of crossed_legs (its holds and the halves of the changes into / out of it)
        cr = sum(1.0 / FPS for fr in d["frames"] if fr["crossed_legs"] and "crossed_r" in fr["pose"].split(">"))
        per_min = " ".join({"sitting": "sit", "standing": "stand", "away": "away", "transition": "trans"}[m["majority"]]
                           for m in d["minutes"])
        rows.append(f"| `{d['name']}` | {d['split']} | {d['camera']['kind']} | {d['body']} | "
                    f"{'yes' if d['legs_visible'] else 'no'} | "
                    + (f"{d['duration_s'] / 60:.2f} min | " if round6 else f"{d['duration_s'] / 60:g} min | "
                       if round3 or round4 or round5 else f"{d['duration_s'] / 60:.0f} min | ")
                    + " / ".join(f"{st.get(k, 0.0) / 60:.2f}" for k in ("sitting", "standing", "away", "transition"))
                    + f" | {per_min} | " + ", ".join(f"{k} {v:g} s" + (f" (crossed_r {cr:g} s)" if k == "crossed_legs"
                                                                          and cr else "")
                                                     for k, v in flags.items() if v) + " |")
    text = f"""# Desk-mode truth clips

A rendered person working at a desk, 2 frames per second (frame i is at t = i / 2 s), 640x480 H.264, 4-6 minutes
each, with the truth per frame: sitting, standing, away (out of the picture) or transition (standing up / sitting
down), and the flags crossed_legs, feet_off_floor, perch and second_person. Made by `tools/truth/desk_clips.py`
(the module docstring explains the scene, the posing, the rendering and the truth); regenerate (dev only, the
render environment with torch and anny; about 1-1.5 min per clip on one core) with

    python tools/truth/desk_clips.py --png            # all clips into samples/truth_desk, and this file
    python tools/truth/desk_clips.py --only NAME      # one clip
    python tools/truth/desk_clips.py --list           # names, splits, bodies, cameras
    python tools/truth/desk_clips.py --check          # pose only: the minutes and states, nothing written

Files per clip: `NAME.mp4`, `NAME.truth.json` (`fps`, `duration_s`, `split`, `split_seed`, `body`, `camera`
(kind and numbers: K, R, centre), `legs_visible`, `scene`, `segments`, `minutes` (seconds per state per minute
and the majority), `passers_by`, `note`, `frame_note` and `frames`: one entry per frame with `t_s`, `state`,
`crossed_legs`, `feet_off_floor`, `perch`, `second_person`, `pose`, `person_in_image`, `second_person_frac`,
`feet_min_z_m`), and with `--png` `NAME.sheet.png` (a frame every 15 s, labelled with the state and the flags
X = crossed legs, F = feet off the floor, P = perch, 2nd = second person) and `NAME.fNNNN_STATE_POSE.png` (one
frame in the middle of each posture's first hold, of the first stand-up and of the first sit-down).

Split: tuning / heldout fixed by random.Random({SPLIT_SEED}) over pairs of clips with the same camera kind,
balanced for the bodies (`desk_clips.splits`), decided before any clip was run through MediaPipe. Tuning
{tot['tuning']:.0f} min, held-out {tot['heldout']:.0f} min. Do not fit anything on the held-out clips.

Cameras: `monitor-*` = a webcam on top of the monitor on the far side of the desk, 0.75-0.9 m from the chest,
1.17-1.29 m high, 7-13 deg down, 65 deg horizontal field of view (front, or turned 20-30 deg to one side); the
desk hides the legs and at the desk the standing person's head is above the picture. `room-*` = a camera in
the room 2.3-2.6 m from the person, 1.15-1.35 m high, 35-50 deg off the side view toward the back or the front
of the person; legs and chair in view.

| clip | split | camera | body | legs visible | length | minutes sitting / standing / away / transition | state per minute | flags (seconds) |
|---|---|---|---|---|---|---|---|---|
""" + "\n".join(rows) + "\n"
    if round2:
        text = f"""# Desk-mode truth clips, round 2 (held out)

A second held-out set of desk-mode clips (`dk2_*`), made the same way as round 1 (`samples/truth_desk`, `dk_*`)
by `tools/truth/desk_clips.py` (`DK2_CLIPS`) after romcam's desk rules were tuned on round 1's tuning clips: a
rendered person working at a desk, 2 frames per second (frame i is at t = i / 2 s), 640x480 H.264, 4-6 minutes
each, with the truth per frame (sitting, standing, away, transition; crossed_legs, feet_off_floor, perch,
second_person) in the same truth.json format, plus `"round": 2`. Every clip is held out ({tot['heldout']:.0f} min):
do not fit anything on them.

    python tools/truth/desk_clips.py --round 2 --png   # all round-2 clips into samples/truth_desk2, and this file
    python tools/truth/desk_clips.py --round 2 --list

New in round 2: a third outfit per body (with a blue chair and a dark or grey desk), seat tops 0.41-0.53 m,
desk tops 0.71-0.76 m, and cameras not used in round 1: `monitor-*` 0.70-0.95 m from the chest, 1.14-1.32 m
high, 3-14 deg down, turned 10 or 35 deg to either side (the desk hides the legs; whether the standing head
leaves the picture depends on the camera); `room-*` 2.2-2.7 m from the person, 1.10-1.45 m high, 20 or 30 deg
off the side view toward the front, 50 toward the back (legs and chair in view).

| clip | split | camera | body | legs visible | length | minutes sitting / standing / away / transition | state per minute | flags (seconds) |
|---|---|---|---|---|---|---|---|---|
""" + "\n".join(rows) + "\n"
    if round3:
        text = f"""# Desk-mode truth clips, round 3 (held out)

A third held-out set of desk-mode clips (`dk3_*`), made the same way as rounds 1 (`samples/truth_desk`, `dk_*`)
and 2 (`samples/truth_desk2`, `dk2_*`) by `tools/truth/desk_clips.py` (`DK3_CLIPS`), fresh, like a new user: a
rendered person working at a desk, 2 frames per second (frame i is at t = i / 2 s), 640x480 H.264, 5-6 minutes
each, with the truth per frame (sitting, standing, away, transition; crossed_legs, feet_off_floor, perch,
second_person) in the same truth.json format, plus `"round": 3`. Every clip is held out ({tot['heldout']:.0f} min):
do not fit anything on them.

    python tools/truth/desk_clips.py --round 3 --png   # all round-3 clips into samples/truth_desk3, and this file
    python tools/truth/desk_clips.py --round 3 --list

New in round 3: a fourth outfit per body (a light shirt close to the wall's colour, a near-black one, plum, coral
and camel ones), chairs (black, green, beige, orange, purple) and desks (light birch, white, black, blue-grey, red
oak) in colours not used before, passers-by in looks of their own, seat tops 0.43-0.52 m, desk tops 0.70-0.77 m,
and cameras not used in rounds 1-2: `monitor-*` (4 clips) 0.66-0.95 m from the chest, 1.15-1.42 m high, 2-16 deg
down, turned 4-40 deg to either side (the desk hides the legs; with the two high, nearly level ones, 1.30 m high
0.95 m away and 1.42 m high 0.82 m away, the standing head stays in the picture, with the low or close ones it
leaves it); `laptop-front` (1 clip) 0.58 m from the chest, 0.25 m above the desk top, looking 6 deg up (the
desk top out of the picture, the standing head above it); `room-*` (3 clips) 2.1-2.75 m from the person,
1.05-1.42 m high, 4 deg off the side view toward the front, 50 toward the front and 60 toward the back (legs and
chair in view; from the back the backrest hides much of the sitting legs).

| clip | split | camera | body | legs visible | length | minutes sitting / standing / away / transition | state per minute | flags (seconds) |
|---|---|---|---|---|---|---|---|---|
""" + "\n".join(rows) + "\n"
    if round4:
        text = f"""# Desk-mode truth clips, round 4 (held out)

A fourth held-out set of desk-mode clips (`dk4_*`), made the same way as rounds 1 (`samples/truth_desk`, `dk_*`),
2 (`samples/truth_desk2`, `dk2_*`) and 3 (`samples/truth_desk3`, `dk3_*`) by `tools/truth/desk_clips.py`
(`DK4_CLIPS`), fresh, like new users: a rendered person working at a desk, 2 frames per second (frame i is at
t = i / 2 s), 640x480 H.264, 5-6 minutes each, with the truth per frame (sitting, standing, away, transition;
crossed_legs, feet_off_floor, perch, second_person) in the same truth.json format, plus `"round": 4`. Every clip
is held out ({tot['heldout']:.0f} min): do not fit anything on them.

    python tools/truth/desk_clips.py --round 4 --png   # all round-4 clips into samples/truth_desk4, and this file
    python tools/truth/desk_clips.py --round 4 --list

New in round 4: a fifth outfit per body (a two-tone top, navy below and mustard above and on the sleeves; a white
shirt; a teal shirt close to its clip's teal chair; lavender and terracotta ones), chairs (teal, mustard, light
grey, brown leather, rose, olive) and desks (pine, anthracite, walnut, pale blue, sage) in colours not used
before, passers-by in looks of their own, seat tops 0.43-0.51 m, desk tops 0.71-0.75 m, and cameras not used in
rounds 1-3: `monitor-*` (4 clips) 0.62-1.0 m from the chest, 1.12-1.44 m high, 0-15 deg down, turned 3-33 deg to
either side (the desk hides the legs; with the high, far one, 1.44 m high 1.0 m away, the standing head stays
in the picture, with the close, low or steeper ones it leaves it); `laptop-*` (1 clip) 0.63 m from the chest,
0.24 m above the desk top, turned 8 deg, looking 9 deg up (the standing head above the picture);
`room-*` (3 clips) 2.0-2.8 m from the person, 1.12-1.38 m high, 15 deg off the side view toward the front, 25
and 45 toward the back (legs and chair in view; from the back the backrest hides part of the sitting legs).
Two or more minutes standing at the desk in `dk4_heavy_monfront`, `dk4_old_roomfront15` and
`dk4_slim_roomback45`.

| clip | split | camera | body | legs visible | length | minutes sitting / standing / away / transition | state per minute | flags (seconds) |
|---|---|---|---|---|---|---|---|---|
""" + "\n".join(rows) + "\n"
    if round5:
        text = f"""# Desk-mode truth clips, round 5 (held out)

A fifth held-out set of desk-mode clips (`dk5_*`), made the same way as rounds 1 (`samples/truth_desk`, `dk_*`),
2 (`samples/truth_desk2`, `dk2_*`), 3 (`samples/truth_desk3`, `dk3_*`) and 4 (`samples/truth_desk4`, `dk4_*`) by
`tools/truth/desk_clips.py` (`DK5_CLIPS`), fresh, like new users: a rendered person working at a desk, 2 frames
per second (frame i is at t = i / 2 s), 640x480 H.264, 5-6 minutes each, with the truth per frame (sitting,
standing, away, transition; crossed_legs, feet_off_floor, perch, second_person) in the same truth.json format,
plus `"round": 5`. Every clip is held out ({tot['heldout']:.1f} min): do not fit anything on them.

    python tools/truth/desk_clips.py --round 5 --png   # all round-5 clips into samples/truth_desk5, and this file
    python tools/truth/desk_clips.py --round 5 --list

New in round 5: a sixth outfit per body (a heather-grey shirt with black trousers; salmon; sky blue; olive with
light jeans; navy with beige trousers), chairs (navy, red, white, lime) and desks (cream, ash grey, mahogany, dark
green) in colours not used before, passers-by in looks of their own, seat tops 0.43-0.50 m, desk tops 0.70-0.76 m,
and cameras not used in rounds 1-4: `monitor-*` (5 clips) 0.68-0.98 m from the chest, 1.11-1.42 m high, 1-16 deg
down, turned 6-38 deg to either side (the desk hides the legs; with the high, far one, 1.42 m high 0.98 m
away, the standing head stays in the picture, with the close, low, steep or turned ones it leaves it);
`laptop-*` (1 clip) 0.64 m from the chest, 0.23 m above the desk top, turned 14 deg, looking 11 deg up (the
standing head above the picture); `room-*` (2 clips) 2.2-2.5 m from the person, 1.20-1.30 m high, 35 deg off the
side view toward the front and 10 toward the back (legs and chair in view). A minute and a half or more standing
at the desk in `dk5_tall_monfront`, `dk5_slim_monobl12` and `dk5_old_roomfront35`; one passer-by in
`dk5_heavy_monobl26` and `dk5_old_monobl32`, two in the others, some while the desk person is away.

| clip | split | camera | body | legs visible | length | minutes sitting / standing / away / transition | state per minute | flags (seconds) |
|---|---|---|---|---|---|---|---|---|
""" + "\n".join(rows) + "\n"
    if round6:
        sp = {k: ", ".join(f"`{c[0]}`" for c in DK6_CLIPS if SPLITS[c[0]] == k) for k in ("tuning", "heldout")}
        text = f"""# Desk-mode truth clips, round 6 (the legs; half tuning, half held out)

A sixth set of desk-mode clips (`dk6_*`), made for judging the LEGS at the desk (crossed legs, feet tucked off the
floor, perching on the seat's front edge), the same way as rounds 1-5 (`samples/truth_desk` ... `samples/truth_desk5`,
`dk_*` ... `dk5_*`) by `tools/truth/desk_clips.py` (`DK6_CLIPS`), fresh, like new users: a rendered person working
at a desk, 2 frames per second (frame i is at t = i / 2 s), 640x480 H.264, 5.5-6 minutes each, with the truth per
frame (sitting, standing, away, transition; crossed_legs, feet_off_floor, perch, second_person) in the same
truth.json format, plus `"round": 6` and a `"split_note"`.

    python tools/truth/desk_clips.py --round 6 --check        # pose only: the minutes and states, nothing written
    python tools/truth/desk_clips.py --round 6 --png          # all round-6 clips into samples/truth_desk6, and this file
    python tools/truth/desk_clips.py --round 6 --list

Split (fixed before any clip was rendered or run through a pose model): round 6 is split half tuning / half
held out for the leg postures. random.Random({DK6_SPLIT_SEED}) picked two of the four clips whose camera is toward the
person's front and two of the four toward the back (the near side view among them) as tuning
(`desk_clips.splits_r6`), so both halves have front- and back-side cameras. Tuning ({tot['tuning']:.1f} min): {sp['tuning']}.
Held out ({tot['heldout']:.1f} min): {sp['heldout']}. Do not fit anything on the held-out clips.

New in round 6: room cameras only (the legs and the chair in view in every clip, `legs_visible` true), at
positions not used in rounds 1-5, 2.0-2.9 m from the person, 0.90-1.50 m high, 3-16 deg down: 10, 28 (the low one,
0.90 m high), 45 and 55 (the high one, 1.50 m) deg off the side view toward the person's front (the person sits near
the desk's end, shifted 0.16-0.26 m, so that the legs are seen under its open side and the desk's legs stand clear
of the feet; from the high one the desk top hides the thighs), and 5 (near the side view), 20, 32 and 58 deg toward
the back (from the back the backrest and the body hide part of the legs; from 58 deg most of them, the feet and the
knees stay in view). A seventh outfit per body (mint shirt and dark brown trousers; dusty rose and olive; cobalt and
light grey; amber and dark petrol; grass green and slate grey), chairs (cyan, magenta, tan, slate) and desks (smoked
oak, lilac-grey, dark teal, terracotta) in colours not used before, passers-by in looks of their own (one or two per
clip), seat tops 0.43-0.52 m, desk tops 0.70-0.77 m. The timelines are desk work: most of the sitting in the
ordinary postures (typing, leaning forward or back, slouching, a hand at the face) and about a third in the leg
postures, each of crossed, tucked and perch at least once in every clip, in holds of 21-32 s;
`dk6_slim_roomside5`, `dk6_man_roomfront10`, `dk6_old_roomfront28low`, `dk6_heavy_roomfront45` and
`dk6_tall_roomback32` start with a leg posture. Crossed legs come both ways: `crossed` = the left knee over the
right, `crossed_r` = the right knee over the left (5 of the 9 crossed holds; crossed_legs is true for both). Every
clip stands up and stands a while; six walk out of the picture and back.

| clip | split | camera | body | legs visible | length | minutes sitting / standing / away / transition | state per minute | flags (seconds) |
|---|---|---|---|---|---|---|---|---|
""" + "\n".join(rows) + "\n"
    # round 2, 3, 4, 5 or 6 written into another round's folder (--out): its index beside the other's, not over it
    if round6:
        index = out / ("README_dk6.md" if any(any(out.glob(f"{pre}_*.truth.json"))
                                              for pre in ("dk", "dk2", "dk3", "dk4", "dk5")) else "README.md")
    elif round5:
        index = out / ("README_dk5.md" if any(any(out.glob(f"{pre}_*.truth.json"))
                                              for pre in ("dk", "dk2", "dk3", "dk4")) else "README.md")
    elif round4:
        index = out / ("README_dk4.md" if any(out.glob("dk_*.truth.json")) or any(out.glob("dk2_*.truth.json"))
                       or any(out.glob("dk3_*.truth.json")) else "README.md")
    elif round3:
        index = out / ("README_dk3.md" if any(out.glob("dk_*.truth.json")) or any(out.glob("dk2_*.truth.json"))
                       else "README.md")
    else:
        index = out / ("README_dk2.md" if round2 and any(out.glob("dk_*.truth.json")) else "README.md")
    index.write_text(text)
    return index


def variant_text(lv: dict) -> str:
    """A short description of a round-7 work hold's legs (README)."""
    k = lv["posture"]
    th, kn, ad, fp = lv["thigh_deg"], lv["knee_deg"], lv["adduction_deg"], lv["foot_pitch_deg"]
    if k in ("crossed", "crossed_r"):
        X = "L" if k == "crossed" else "R"
        return (f"{lv['crossing_leg']} over{' (mirror)' if lv['mirror'] else ''}, foot "
                f"{lv['crossing_foot_above_floor_m']:.2f} m up, thigh {th[X]:g} ({lv['vs_calibration']['thigh_deg'][X]:+g}), "
                f"adduction {ad[X]:g} ({lv['vs_calibration']['adduction_deg'][X]:+g})")
    if k == "tucked":
        st = lv["drawn"]["style"].split("/")
        return ("L " + st[0] + f" knee {kn['L']:g} ({lv['vs_calibration']['knee_deg']['L']:+g}), R " + st[1]
                + f" knee {kn['R']:g} ({lv['vs_calibration']['knee_deg']['R']:+g}), feet "
                f"{lv['feet_above_rail_m']['L']:+.2f} / {lv['feet_above_rail_m']['R']:+.2f} m on the rail")
    if k == "perch":
        return f"hips {lv['hips_forward_m']:.2f} m forward, thighs {th['L']:g} / {th['R']:g}, feet pitched {fp['L']:g} / {fp['R']:g}"
    return (f"thighs {th['L']:g}, knees {kn['L']:g} / {kn['R']:g} (aimed {lv['knee_aim_deg']['L']:g} / "
            f"{lv['knee_aim_deg']['R']:g}), foot pitch {fp['L']:g} / {fp['R']:g}, feet {lv['drawn']['feet']}")


def write_index_r7(out: Path) -> Path:
    """samples/truth_desk7/README.md (README_dk7.md beside another round's clips): how round 7 was made, its split
    and one line per clip, and its work holds, from the truth.json files."""
    rows, hold_rows = [], []
    tot = {"tuning": 0.0, "heldout": 0.0}
    durs, works, holds_s, n_mirror, n_walk = [], [], [], 0, 0
    for c in DK7_CLIPS:
        f = out / f"{c[0]}.truth.json"
        if not f.exists():
            continue
        d = json.load(open(f))
        tot[d["split"]] += d["duration_s"] / 60.0
        durs.append(d["duration_s"] / 60.0)
        works.append((d["duration_s"] - d["calibration_end_s"]) / 60.0)
        holds_s += [h["end_s"] - h["start_s"] for h in d["work_holds"] if h["pose"] in LEG_POSTURES]
        n_mirror += bool(d["work_mirror_crossing"])
        n_walk += any(sg["pose"] == "walking_out" for sg in d["segments"])
        st = d["seconds_per_state"]
        flags = {k: sum(1.0 / FPS for fr in d["frames"] if fr[k] and fr["part"] == "work")
                 for k in ("crossed_legs", "feet_off_floor", "perch", "second_person")}
        per_min = " ".join({"sitting": "sit", "standing": "stand", "away": "away", "transition": "trans"}[m["majority"]]
                           for m in d["minutes"])
        walks = any(sg["pose"] == "walking_out" for sg in d["segments"])
        rows.append(f"| `{d['name']}` | {d['split']} | {d['camera']['kind']} | {d['body']} | "
                    f"{d['duration_s'] / 60:.2f} min | {d['calibration_side']} | "
                    + " / ".join(f"{st.get(k, 0.0) / 60:.2f}" for k in ("sitting", "standing", "away", "transition"))
                    + f" | {per_min} | {'yes' if walks else 'no'} | "
                    + ", ".join(f"{k} {v:g} s" for k, v in flags.items() if v) + " |")
        for h in d["work_holds"]:
            if h["pose"] in LEG_POSTURES:
                hold_rows.append(f"| `{d['name']}` | {h['pose']} | {h['start_s']:g}-{h['end_s']:g} s | "
                                 f"{variant_text(h['legs_variant'])} |")
    sp = {k: ", ".join(f"`{c[0]}`" for c in DK7_CLIPS if SPLITS[c[0]] == k) for k in ("tuning", "heldout")}
    text = f"""# Desk-mode truth clips, round 7 (the leg calibration; half tuning, half held out)

A seventh set of desk-mode clips (`dk7_*`), made for testing romcam's per-person LEG CALIBRATION honestly, the same way
as rounds 1-6 (`samples/truth_desk` ... `samples/truth_desk6`, `dk_*` ... `dk6_*`) by `tools/truth/desk_clips.py`
(`DK7_CLIPS`), fresh, like new users: a rendered person working at a desk, 2 frames per second (frame i is at
t = i / 2 s), 640x480 H.264, {min(durs):.1f}-{max(durs):.1f} minutes each, with the truth per frame (sitting, standing, away, transition;
crossed_legs, feet_off_floor, perch, second_person) in the same truth.json format, plus `"round": 7`, a
`"split_note"`, the calibration's times and the legs of every hold.

    python tools/truth/desk_clips.py --round 7 --check        # pose only: the minutes and states, nothing written
    python tools/truth/desk_clips.py --round 7 --png          # all round-7 clips into samples/truth_desk7, and this file
    python tools/truth/desk_clips.py --round 7 --list

Split (fixed before any clip was rendered or run through a pose model): random.Random({DK7_SPLIT_SEED}) picked two of
the four clips whose camera is toward the person's front and two of the four toward the back (the side view among
them) as tuning (`desk_clips.splits_r7`). Tuning ({tot['tuning']:.1f} min): {sp['tuning']}.
Held out ({tot['heldout']:.1f} min): {sp['heldout']}. Do not fit anything on the held-out clips.

The calibration: every clip STARTS with it, as romcam asks for it: ordinary sitting (typing, feet flat) 0-15 s, a 3 s
change, crossed legs 18-33 s, 3 s, feet tucked off the floor on the chair's foot rail 36-51 s, 3 s, perched on the
seat's front edge 54-69 s, then 3 s back to ordinary sitting (the work starts at 72 s). truth.json: `calibration`
(each hold's [start_s, end_s]), `calibration_side` (the person's habit: `left` = the left knee over the right, pose
`crossed`, in four clips; `right` = `crossed_r` in the other four), `calibration_end_s`, `calibration_legs` (the
calibration's legs as posed); per frame `part` (calibration / work), `calibration_hold` and `legs_variant`. The
calibration's postures are the generator's templates, as in round 6, except that for the perch the person is rolled
back with the chair by 4-6 cm so that the trunk clears the desk top's edge.

The work after it ({min(works):.1f}-{max(works):.1f} min): desk work as round 6, most of the sitting in the ordinary postures (typing, leaning
forward or back, slouching, a hand at the face), a stand-up and some standing in every clip, a walk out of the
picture and back in {n_walk}; crossed, tucked and perched each 1-2 times per clip in holds of {min(holds_s):.0f}-{max(holds_s):.0f} s, and every hold's
legs DIFFER from the calibration's, drawn per hold from random.Random("{DK7_VARIANT_SEED}:NAME")
(`draw_legs_variant`; the solved values per frame in `legs_variant` and per hold in `work_holds`):
crossed: the crossing foot 0.03-0.15 m above the floor (the calibration: 0.07), the crossing thigh's elevation and
adduction +-6 deg around the calibration's; in {n_mirror} clips one work crossing is on the other side from the
calibration's (`mirror`); tucked: each foot on the rail or hooked 3-8 cm higher further back under the seat, the
knee flexion aimed at -8..+8 deg from the calibration's (more when hooked), the two feet not alike; perched: the hips
0.10-0.20 m forward (0.16), the thighs 56-68 deg from the vertical (62); ordinary: the thighs 82-90 deg, the knee
flexion aimed at 80-105 deg (the nearest reached with the soles on the floor, over the thighs' 82-90 deg and the
foot pitch: the heel raised 0-16 deg with the foot under or behind the knee, the toes raised 0-6 deg with the foot
in front of it; the two feet may land on different sides of the knee), the feet a little apart or together. Every varied posture is checked against the calibration's in the same scene (no foot below
the floor, no more leg skin inside the desk, the chair or its rail, the legs and feet 3 cm or more from the desk's
legs, the crossed legs no deeper in each other;
`work_holds[].plausibility`); a raised knee or the perched trunk that would meet the desk rolls the person back with
the chair (`chair_back_m`); where the eased change between two postures (or standing up / sitting down) would put a
foot below the floor, the frame's leg is lifted at the hip or the body raised until the foot is on the floor
(`feet_floor_fix`).

New in round 7: room cameras at positions not used in rounds 1-6, 2.1-2.75 m from the person, 0.90-1.42 m high, 2-14
deg down: 15, 24 (the low one, 0.90 m high), 38 and 48 (the high one, 1.42 m) deg off the side view toward the
person's front (the desk shifted 0.12-0.20 m so that the legs are seen under its open side and its near legs stand
3 cm or more clear of the person's legs and feet), 2 (the side view), 22, 40
and 62 deg toward the back (from 62 deg the body and the backrest hide much of the legs). An eighth outfit per body
(brick orange and denim blue; steel blue and khaki; orchid and bottle green; pale yellow and aubergine; teal and
grey-green), chairs (coral, royal blue, pale yellow, violet) and desks (petrol, honey, cherry, mint-white) in colours
not used before, passers-by in looks of their own (one or two per clip), seat tops 0.435-0.515 m, desk tops
0.705-0.765 m (values not used in round 6).

| clip | split | camera | body | length | calibration side | minutes sitting / standing / away / transition | state per minute | walks out | work flags (seconds) |
|---|---|---|---|---|---|---|---|---|---|
""" + "\n".join(rows) + """

Work holds of the leg postures (thigh / knee / adduction in deg, in brackets the difference from the calibration's):

| clip | posture | time | legs |
|---|---|---|---|
""" + "\n".join(hold_rows) + "\n"
    others = any(any(out.glob(f"{pre}_*.truth.json")) for pre in ("dk", "dk2", "dk3", "dk4", "dk5", "dk6"))
    index = out / ("README_dk7.md" if others else "README.md")
    index.write_text(text)
    return index


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, help="the output folder (default: samples/truth_desk for round 1, "
                                             "samples/truth_desk2 for round 2, samples/truth_desk3 for round 3, "
                                             "samples/truth_desk4 for round 4, samples/truth_desk5 for round 5, "
                                             "samples/truth_desk6 for round 6, samples/truth_desk7 for round 7)")
    ap.add_argument("--round", type=int, choices=(1, 2, 3, 4, 5, 6, 7),
                    help="only the clips of this round (1 = dk_*, 2 = dk2_*, 3 = dk3_*, 4 = dk4_*, 5 = dk5_*, "
                         "6 = dk6_*, 7 = dk7_*)")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--split", choices=("tuning", "heldout"), help="only the clips of this split")
    ap.add_argument("--png", action="store_true", help="write a contact sheet and a few frames per clip")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--check", action="store_true", help="pose only: print the minutes and the states, write nothing")
    a = ap.parse_args(argv)
    rounds = {1: CLIPS, 2: DK2_CLIPS, 3: DK3_CLIPS, 4: DK4_CLIPS, 5: DK5_CLIPS, 6: DK6_CLIPS, 7: DK7_CLIPS}
    listed = [c for r, cl in rounds.items() if a.round in (None, r) for c in cl]
    if a.list:
        for c in listed:
            if a.split in (None, SPLITS[c[0]]):
                print(f"{c[0]:28s} {SPLITS[c[0]]:8s} {c[1]:6s} {c[3]}")
        return 0
    names = a.only or [c[0] for c in listed]
    unknown = [nm for nm in names if nm not in SPLITS]
    if unknown:
        ap.error(f"unknown clip(s): {unknown}")
    if a.split:
        names = [nm for nm in names if SPLITS[nm] == a.split]

    def round_of(nm: str) -> int:
        return (7 if nm in DK7_NAMES else 6 if nm in DK6_NAMES else 5 if nm in DK5_NAMES else 4 if nm in DK4_NAMES
                else 3 if nm in DK3_NAMES else 2 if nm in DK2_NAMES else 1)

    def out_of(nm: str) -> Path:
        return a.out if a.out is not None else {1: Path("samples/truth_desk"), 2: DK2_OUT, 3: DK3_OUT,
                                                 4: DK4_OUT, 5: DK5_OUT, 6: DK6_OUT, 7: DK7_OUT}[round_of(nm)]

    for nm in names:
        t0 = time.time()
        render(nm, out_of(nm), a.png, lambda m: print(m, flush=True), dry=a.check)
        print(f"{nm}: {time.time() - t0:.0f} s in all", flush=True)
    if not a.check:
        for r in sorted({round_of(nm) for nm in names}):
            if r == 7:
                write_index_r7(out_of(next(nm for nm in names if round_of(nm) == r)))
                continue
            write_index(out_of(next(nm for nm in names if round_of(nm) == r)), round2=r == 2, round3=r == 3,
                        round4=r == 4, round5=r == 5, round6=r == 6)
    return 0


if __name__ == "__main__":
    sys.exit(main())
