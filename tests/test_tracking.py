import numpy as np

from romcam.pose.records import Pose
from romcam.pose.tracking import PersonLock
from tests.synthetic import standing_pose


def person(x, y=240.0, scale=100.0):
    xy = standing_pose(hip=(x, y), scale=scale)
    xy = np.where(np.isfinite(xy), xy, x)  # fill unused landmarks near the body
    return Pose(xy=xy, world=np.zeros((33, 3)), visibility=np.ones(33))


def test_starts_with_largest_most_central_person():
    lock = PersonLock((640, 480))
    small_edge, big_centre = person(80, scale=60), person(330)
    chosen = lock.update([small_edge, big_centre], 0.0)
    assert chosen is big_centre
    assert "2 people in view" in lock.events[0]


def test_follows_moving_person_and_ignores_passer_by():
    lock = PersonLock((640, 480))
    lock.update([person(300)], 0.0)
    followed = []
    for i in range(1, 30):
        # Someone walks past further back (smaller), crossing right through the followed person.
        me, other = person(300 + 3 * i), person(600 - 15 * i, y=200, scale=50)
        got = lock.update([other, me], i / 30)
        followed.append(got is me)
    assert all(followed)


def test_never_jumps_to_someone_else_when_the_person_leaves():
    lock = PersonLock((640, 480))
    lock.update([person(200)], 0.0)
    # The followed person vanishes; someone stands far away for a second.
    results = [lock.update([person(520)], 0.033 * i) for i in range(1, 10)]
    assert all(r is None for r in results)
    assert any("person lost" in e for e in lock.events)
    # They come back where they were: found again.
    assert lock.update([person(520), person(205)], 0.4) is not None
    assert lock.events[-1].endswith("person found again")


def test_found_again_after_a_jump_while_the_bystander_is_never_taken():
    lock = PersonLock((1280, 720))
    assert lock.update([person(640)], 0.0) is not None
    me = person(640)
    assert lock.update([person(1100, scale=90), me], 1 / 30) is me  # a bystander comes into view
    for i in range(2, 11):  # the person is not detected (mid-jump) for 0.3 s; the bystander walks
        assert lock.update([person(1100 - 5 * i, scale=90)], i / 30) is None
    # They land 1.6 torso lengths away: further than a walk in 0.33 s (1.1), nearer than a run (1.9).
    landed = person(800)
    assert lock.update([person(1045, scale=90), landed], 11 / 30) is landed
    assert lock.events[-1].endswith("person found again")


def test_one_pose_is_accepted_only_when_it_is_the_followed_person():
    lock = PersonLock((640, 480))
    assert not lock.accepts([person(300)])  # nobody chosen yet: every person is needed to choose
    assert lock.accepts([])  # nobody in view: looking for more finds nobody either
    lock.update([person(300)], 0.0)
    assert lock.accepts([person(310)])  # the person, a little further on
    assert not lock.accepts([person(520)])  # someone else: the landmarker jumped
    assert not lock.accepts([person(305, scale=40)])  # someone smaller, in the same place
    lock.update([person(520)], 0.033)  # the person is lost
    assert not lock.accepts([person(300)])  # while lost, every person in view is needed
