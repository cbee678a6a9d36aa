"""Desk mode's person: the largest in view, and someone smaller passing behind is not them."""

import numpy as np
import pytest

from romcam.desk.appearance import PRESENT_SHARE, Appearance
from romcam.desk.posture import SEATED_LEARNED, DeskPerson, Features, SeatedHeight, classify
from romcam.pose.landmarks import Landmark as L
from romcam.pose.records import Pose
from tests.synthetic import standing_pose


def person(x, y=240.0, scale=100.0):
    xy = standing_pose(hip=(x, y), scale=scale)
    xy = np.where(np.isfinite(xy), xy, x)
    return Pose(xy=xy, world=np.zeros((33, 3)), visibility=np.ones(33))


def test_the_desk_person_is_the_largest_and_a_smaller_passer_by_is_nobody():
    desk = DeskPerson(480)
    me = person(320)
    assert desk.choose([person(100, scale=45), me]) is me
    for _ in range(20):
        desk.choose([me])
    # The desk person gone, someone walks past behind: away, not them.
    assert desk.choose([person(500, y=200, scale=45)]) is None
    assert desk.observe([person(500, y=200, scale=45)]).state == "away"
    # Back at the desk: them again.
    assert desk.choose([person(330)]) is not None


def test_before_the_desk_person_is_known_a_tiny_figure_is_not_taken():
    desk = DeskPerson(480)
    assert desk.choose([person(300, scale=20)]) is None
    assert desk.observe([]).state == "away"


# --- a standing person the model loses (the head above a monitor camera's picture) ----------------
WALL, FLOOR, SHIRT = (200, 200, 200), (110, 110, 120), (40, 130, 40)


def scene() -> np.ndarray:
    image = np.zeros((480, 640, 3), np.uint8)
    image[:300], image[300:] = WALL, FLOOR
    return image


def seated_at_the_desk() -> tuple[np.ndarray, Pose]:
    """A shirt filling the picture's middle, the hips hidden below the picture."""
    image = scene()
    image[220:480, 230:410] = SHIRT
    xy = np.full((33, 2), np.nan)
    xy[:, 0], xy[:, 1] = np.linspace(230, 410, 33), np.linspace(150, 470, 33)  # the body's extent
    xy[[L.LEFT_SHOULDER, L.RIGHT_SHOULDER]] = (250, 250), (390, 250)
    xy[[L.LEFT_HIP, L.RIGHT_HIP]] = (260, 560), (380, 560)
    xy[L.NOSE] = (320, 170)
    visibility = np.ones(33)
    visibility[[L.LEFT_HIP, L.RIGHT_HIP, L.LEFT_KNEE, L.RIGHT_KNEE]] = 0.05
    return image, Pose(xy=xy, world=np.zeros((33, 3)), visibility=visibility)


def standing_at_the_desk() -> tuple[np.ndarray, Pose]:
    """Risen: the shoulders at the top of the picture, the nose above it, the shirt still in it."""
    image, pose = seated_at_the_desk()
    image[:300, 230:410] = SHIRT
    pose.xy[:, 1] -= 230
    return image, pose


def test_classify_reads_the_shoulders_when_the_thighs_are_hidden():
    low_hips = Features(torso_px=200, hip_vis=0.05, knee_vis=0.0, hip_angle_deg=90, shoulder_y=0.5, hip_y=1.2)
    assert classify(low_hips).state == "sitting"
    risen = Features(torso_px=200, hip_vis=0.05, knee_vis=0.0, hip_angle_deg=90, shoulder_y=0.05, hip_y=0.7)
    assert classify(risen).state == "standing"  # the hips behind the desk, the shoulders at the top
    hips_above_the_desk = Features(torso_px=200, hip_vis=1.0, knee_vis=0.0, hip_angle_deg=90, shoulder_y=0.5, hip_y=0.7)
    assert classify(hips_above_the_desk).state is None
    legs_seen = dict(torso_px=100, hip_vis=0.9, knee_vis=0.9, shoulder_y=0.5, hip_y=0.7)
    assert classify(Features(hip_angle_deg=100, **legs_seen)).state == "sitting"
    assert classify(Features(hip_angle_deg=170, **legs_seen)).state == "standing"
    assert classify(Features(hip_angle_deg=144, **legs_seen)).state is None


def test_the_appearance_tells_the_persons_shirt_from_an_empty_desk():
    appearance = Appearance()
    assert appearance.share(scene()) == 0.0  # nothing learned: nothing claimed
    image, pose = seated_at_the_desk()
    appearance.learn(image, pose)
    standing, _ = standing_at_the_desk()
    assert appearance.share(standing) >= max(0.15, PRESENT_SHARE)
    assert appearance.share(scene()) == 0.0
    someone_else = scene()
    someone_else[150:300, 500:540] = (30, 60, 200)  # a passer-by in red, far behind
    assert appearance.share(someone_else) < PRESENT_SHARE


def test_a_standing_person_lost_by_the_model_is_standing_until_their_colours_leave():
    desk = DeskPerson(480)
    for _ in range(5):
        assert desk.observe([seated_at_the_desk()[1]], seated_at_the_desk()[0]).state == "sitting"
    image, pose = standing_at_the_desk()
    assert desk.observe([pose], image).state == "standing"
    # The model loses them; the picture moves a lot (a stretch), their shirt is still there.
    stretched = image.copy()
    stretched[:300, 230:410] = WALL
    stretched[40:340, 150:330] = SHIRT
    stretched[0:120, 330:600] = (190, 160, 140)  # arms across the picture
    assert desk.observe([], stretched).state == "standing"
    assert desk.observe([], stretched).state == "standing"
    assert desk.observe([], scene()).state == "away"  # walked off: the desk's own colours
    assert desk.observe([], stretched).state == "away"  # not until they are seen again


def test_the_seated_height_tells_standing_from_sitting_whatever_the_camera():
    # A camera high above the desk: seated, only the head and shoulders at the bottom of the
    # picture (shoulder_y 0.9, where no fixed rule calls it anything but sitting); standing, the
    # shoulders in the middle, where the fixed rule still says sitting.
    seated = SeatedHeight(480)
    sitting = Features(torso_px=150, hip_vis=0.05, knee_vis=0.0, hip_angle_deg=90, shoulder_y=0.9, hip_y=1.3)
    assert seated.judge(sitting) is None  # nothing learned yet: no claim
    for _ in range(SEATED_LEARNED):
        seated.learn(sitting)
    risen = Features(torso_px=170, hip_vis=0.05, knee_vis=0.0, hip_angle_deg=90, shoulder_y=0.45, hip_y=0.9)
    assert classify(risen).state == "sitting"
    assert seated.rise(risen) == pytest.approx((0.9 - 0.45) * 480 / 150)
    assert seated.judge(risen).state == "standing"
    slouched = Features(torso_px=140, hip_vis=0.05, knee_vis=0.0, hip_angle_deg=90, shoulder_y=0.95, hip_y=1.3)
    assert seated.judge(slouched).state == "sitting"
    # Perched, the hip angle open like standing's: at the seated height, still sitting.
    perched = Features(torso_px=150, hip_vis=0.9, knee_vis=0.9, hip_angle_deg=150, shoulder_y=0.88, hip_y=1.2)
    assert classify(perched).state == "standing" and seated.judge(perched).state == "sitting"
    halfway = Features(torso_px=150, hip_vis=0.05, knee_vis=0.0, hip_angle_deg=90, shoulder_y=0.9 - 0.37 * 150 / 480, hip_y=1.2)
    assert seated.judge(halfway) is None  # between the two: left to the other rules


def test_a_lost_standing_person_is_away_once_their_colours_shrink():
    desk = DeskPerson(480)
    for _ in range(5):
        desk.observe([seated_at_the_desk()[1]], seated_at_the_desk()[0])
    image, pose = standing_at_the_desk()
    desk.observe([pose], image)
    # Gone, leaving a chair in a colour like their shirt: some of their colours, much less of them.
    chair_left = scene()
    chair_left[290:450, 240:400] = SHIRT
    assert desk.appearance.share(chair_left) >= PRESENT_SHARE
    assert desk.observe([], chair_left).state == "away"


def test_rising_out_of_the_picture_unseen_is_standing_by_the_new_colours():
    # The model finds them seated, then never again: at one look a second it missed the rise.
    desk = DeskPerson(480)
    for _ in range(5):
        desk.observe([seated_at_the_desk()[1]], seated_at_the_desk()[0])
    risen = scene()
    risen[:250, 220:420] = SHIRT
    risen[250:480, 230:410] = (60, 40, 30)  # trousers: colours the scene never had
    assert desk.observe([], risen).state == "standing"
    assert desk.observe([], risen).state == "standing"
    assert desk.observe([], scene()).state == "away"


def test_a_seated_person_lost_by_the_model_is_not_taken_for_standing():
    desk = DeskPerson(480)
    for _ in range(5):
        desk.observe([seated_at_the_desk()[1]], seated_at_the_desk()[0])
    # A hand over the face: the model loses them, the picture barely changes.
    image = seated_at_the_desk()[0]
    image[150:230, 280:360] = (150, 170, 210)
    assert desk.observe([], image).state != "standing"
