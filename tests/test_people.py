"""One pose per frame when one person is in view (romcam.pose.people), through the real model."""

import numpy as np
import pytest

from romcam.io.sources import open_video
from romcam.pose.people import PeopleDetector
from romcam.pose.tracking import PersonLock, torso_centre, torso_size
from tests.conftest import ROOT

pytestmark = pytest.mark.model


def followed(clip, check_every: int, frames: int | None = None):
    """The followed person's torso centre and size per frame, and how often everyone was looked for."""
    source = open_video(clip)
    lock = PersonLock((source.info.width, source.info.height))
    centres, sizes = [], []
    with PeopleDetector(max_people=2, check_every=check_every) as detector:
        for frame in source.frames():
            if frames is not None and frame.index >= frames:
                break
            pose = lock.update(detector.detect(frame.image, frame.t_ms, lock.accepts), frame.t_ms / 1000)
            centres.append(torso_centre(pose) if pose else np.full(2, np.nan))
            sizes.append(torso_size(pose) if pose else np.nan)
        return np.array(centres), np.array(sizes), detector.full_looks


def test_one_person_in_view_is_looked_for_once_a_second():
    clip = ROOT / "samples" / "truth" / "hipext_right_facing_right.mp4"
    centres, _, full_looks = followed(clip, check_every=30, frames=120)
    assert np.isfinite(centres).all()
    assert full_looks == 4  # frames 0, 30, 60 and 90: the other 116 asked for one pose


def test_the_same_person_is_followed_past_a_passer_by_with_one_pose():
    # sports2d: a person jumping on a box while another walks past side-on
    clip = ROOT / "samples" / "real" / "sports2d_demo.mp4"
    every_frame, size, looks_all = followed(clip, check_every=1)
    one_pose, _, looks_some = followed(clip, check_every=30)
    both = np.isfinite(every_frame[:, 0]) & np.isfinite(one_pose[:, 0])
    assert both.sum() >= 0.95 * np.isfinite(every_frame[:, 0]).sum()
    apart = np.linalg.norm(every_frame - one_pose, axis=1)[both] / size[both]
    assert apart.max() < 0.5, apart.max()  # the same person on every frame (torso lengths apart)
    assert looks_all == len(every_frame) and looks_some < looks_all
