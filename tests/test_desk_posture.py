"""Desk mode's person: the largest in view, and someone smaller passing behind is not them."""

import numpy as np

from romcam.desk.posture import DeskPerson
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
