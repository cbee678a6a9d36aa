"""Pelvic tilt from markers or the waistband: synthetic images with known angles, then the real
model on rendered clips (samples/truth)."""

from __future__ import annotations

import csv
import json
import sys
import time
import warnings
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import pytest

from romcam.pose.landmarks import Landmark as L
from romcam.pelvis.readers import (
    DEFAULT_MARKERS,
    HSVRange,
    MarkerColours,
    PelvisReading,
    line_angle_deg,
    read_pelvis,
)
from tests.conftest import ROOT

W, H = 640, 480
HIP = np.array([320.0, 260.0])
TORSO = 100.0  # px, hip to shoulder
SS = 4  # supersampling: edges and dots with sub-pixel accuracy, as a camera would see them
WALL, SKIN, SHIRT, SHORTS = (200, 200, 200), (140, 172, 224), (55, 60, 190), (82, 46, 38)
GREEN, MAGENTA = (0, 200, 0), (200, 0, 230)  # BGR of RGB (0, 200, 0) and (230, 0, 200)
TAPE = (60, 210, 40)  # BGR of the README's bright green tape, RGB (40, 210, 60)


def pose_xy(hip=HIP) -> np.ndarray:
    xy = np.full((len(L), 2), np.nan)
    xy[L.LEFT_HIP] = xy[L.RIGHT_HIP] = hip
    xy[L.LEFT_SHOULDER] = xy[L.RIGHT_SHOULDER] = hip - (0.0, TORSO)
    return xy


def to_big(p) -> np.ndarray:
    """Image point -> supersampled image point (pixel centres at integers in both)."""
    return np.asarray(p, float) * SS + (SS - 1) / 2


def body_image(facing: int = 1, band_deg: float | None = None, dots_deg: float | None = None,
               top=SHIRT, bottom=SHORTS, dots=(GREEN, MAGENTA), noise: float = 2.0, seed: int = 0,
               arm: bool = False, tape_deg: float | None = None, tape=TAPE,
               tape_hidden: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """A side-view trunk-and-pelvis blob (56 px deep) around HIP. band_deg: a clothing boundary
    (top colour above, bottom below) through a point 15 px above the hip, at that angle in the
    subject's frame (+ = front end lower); dots_deg: an ASIS dot (front) and a PSIS dot (back),
    36 px apart, the line between them at that angle; tape_deg: a 40 x 6 px strip of tape along
    that line, its middle tape_hidden of the length covered by a skin-coloured finger. Returns
    (BGR image, float mask)."""
    big = np.zeros((H * SS, W * SS, 3), np.uint8)
    big[:] = WALL
    body = np.zeros((H * SS, W * SS), np.uint8)
    centre = (int(HIP[0] * SS), int((HIP[1] - 40) * SS))
    cv2.ellipse(body, centre, (28 * SS, 170 * SS), 0, 0, 360, 255, -1)
    inside = body > 0
    big[inside] = top if band_deg is not None else SKIN
    if band_deg is not None:
        yy, xx = np.mgrid[0:H * SS, 0:W * SS]
        slope = facing * np.tan(np.radians(band_deg))  # dy/dx in the image
        bx, by = to_big(HIP - (0.0, 15.0))
        big[inside & (yy > by + slope * (xx - bx))] = bottom
    if arm:  # a skin-coloured arm hanging down the middle, in front of the boundary
        left, right, low = (HIP[0] - 6) * SS, (HIP[0] + 6) * SS, (HIP[1] + 20) * SS
        cv2.rectangle(big, (int(left), 0), (int(right), int(low)), SKIN, -1)
    if dots_deg is not None:
        d = np.array([facing * np.cos(np.radians(dots_deg)), np.sin(np.radians(dots_deg))])
        c = HIP - (0.0, 20.0)
        for colour, p in ((dots[0], c + 18 * d), (dots[1], c - 18 * d)):
            if colour is not None:
                centre = tuple(int(round(v * 16)) for v in to_big(p))  # 4 fractional bits
                cv2.circle(big, centre, 4 * SS * 16, colour, -1, lineType=cv2.LINE_AA, shift=4)
    if tape_deg is not None:
        d = np.array([facing * np.cos(np.radians(tape_deg)), np.sin(np.radians(tape_deg))])
        n = np.array([-d[1], d[0]])
        c = HIP - (0.0, 20.0)
        corners = [c + a * 20 * d + b * 3 * n for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
        cv2.fillPoly(big, [np.round(to_big(np.array(corners)) * 16).astype(np.int32)], tape,
                     lineType=cv2.LINE_AA, shift=4)
        if tape_hidden:
            h = tape_hidden * 20
            finger = [c + a * h * d + b * 6 * n for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
            cv2.fillPoly(big, [np.round(to_big(np.array(finger)) * 16).astype(np.int32)], SKIN,
                         lineType=cv2.LINE_AA, shift=4)
    image = cv2.resize(big, (W, H), interpolation=cv2.INTER_AREA)
    mask = cv2.resize(body, (W, H), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    if noise:
        rng = np.random.default_rng(seed)
        image = np.clip(image + rng.normal(0, noise, image.shape), 0, 255).astype(np.uint8)
    return image, mask


def mirrored(image, xy, mask):
    """The picture flipped left-right: read_pelvis's first three arguments."""
    xy = xy.copy()
    xy[:, 0] = W - 1 - xy[:, 0]
    return cv2.flip(image, 1), xy, cv2.flip(mask, 1)


# ---- geometry and API ----------------------------------------------------------------------

def test_line_angle_sign_follows_facing():
    # front end lower (y down) is +, whichever way the subject faces
    assert line_angle_deg((0, 0), (10, 1), +1) == pytest.approx(np.degrees(np.arctan(0.1)))
    assert line_angle_deg((10, 0), (0, 1), -1) == pytest.approx(np.degrees(np.arctan(0.1)))
    assert line_angle_deg((0, 1), (10, 0), +1) < 0


def test_bad_arguments_are_refused():
    image, mask = body_image(band_deg=5)
    with pytest.raises(ValueError):
        read_pelvis(image, pose_xy(), mask, 1, method="silhouette")
    with pytest.raises(ValueError):
        read_pelvis(image, pose_xy(), mask, 0)


def test_no_person_or_no_mask_gives_unknown():
    image, mask = body_image(band_deg=5)
    for reading in (read_pelvis(image, np.full((len(L), 2), np.nan), mask, 1),
                    read_pelvis(image, pose_xy(), None, 1, method="waistband")):
        assert isinstance(reading, PelvisReading)
        assert np.isnan(reading.angle_deg) and reading.confidence == 0.0 and reading.points is None


# ---- tape ----------------------------------------------------------------------------------

@pytest.mark.parametrize("facing", [1, -1])
@pytest.mark.parametrize("deg", [-12.0, 0.0, 6.0, 18.0])
def test_tape_angle_and_sign(facing, deg):
    image, mask = body_image(facing, band_deg=3.0, tape_deg=deg)
    r = read_pelvis(image, pose_xy(), mask, facing, method="tape")
    assert r.method == "tape"
    assert r.angle_deg == pytest.approx(deg, abs=0.5)
    assert r.confidence > 0.5
    back, front = r.points
    assert facing * (front[0] - back[0]) > 0


def test_tape_is_mirror_invariant():
    image, mask = body_image(1, tape_deg=9.0, noise=4.0)
    right = read_pelvis(image, pose_xy(), mask, 1, method="tape")
    left = read_pelvis(*mirrored(image, pose_xy(), mask), -1, method="tape")
    assert left.angle_deg == pytest.approx(right.angle_deg, abs=0.3)


def test_tape_split_by_a_finger_is_read_whole():
    image, mask = body_image(1, tape_deg=11.0, tape_hidden=0.3)
    r = read_pelvis(image, pose_xy(), mask, 1, method="tape")
    assert r.angle_deg == pytest.approx(11.0, abs=0.7) and r.confidence > 0.5
    # both pieces count: the ends are those of the whole strip
    assert np.hypot(*(r.points[1] - r.points[0])) == pytest.approx(40.0, abs=4.0)


def test_mostly_hidden_tape_is_not_trusted():
    image, mask = body_image(1, tape_deg=11.0, tape_hidden=0.85)
    r = read_pelvis(image, pose_xy(), mask, 1, method="tape")
    assert r.confidence < 0.5


def test_a_green_dot_is_not_tape():
    image, mask = body_image(1, band_deg=2.0, dots_deg=10.0, dots=(GREEN, None))
    r = read_pelvis(image, pose_xy(), mask, 1, method="tape")
    assert np.isnan(r.angle_deg) and r.confidence == 0.0


def test_auto_prefers_the_tape():
    image, mask = body_image(1, band_deg=2.0, tape_deg=7.0)
    r = read_pelvis(image, pose_xy(), mask, 1)
    assert r.method == "tape" and r.angle_deg == pytest.approx(7.0, abs=0.5)


# ---- markers -------------------------------------------------------------------------------

@pytest.mark.parametrize("facing", [1, -1])
@pytest.mark.parametrize("deg", [-12.0, 0.0, 5.0, 15.0])
def test_markers_angle_and_sign(facing, deg):
    image, mask = body_image(facing, band_deg=3.0, dots_deg=deg)
    r = read_pelvis(image, pose_xy(), mask, facing, method="markers")
    assert r.method == "markers"
    assert r.angle_deg == pytest.approx(deg, abs=0.5)
    assert r.confidence > 0.5
    back, front = r.points
    assert facing * (front[0] - back[0]) > 0  # the ASIS end is the front end
    assert (front[1] > back[1]) == (deg > 0) or deg == 0


def test_markers_are_mirror_invariant():
    image, mask = body_image(1, dots_deg=9.0)
    right = read_pelvis(image, pose_xy(), mask, 1, method="markers")
    left = read_pelvis(*mirrored(image, pose_xy(), mask), -1, method="markers")
    assert left.angle_deg == pytest.approx(right.angle_deg, abs=0.2)


def test_auto_prefers_markers_and_falls_back_to_the_waistband():
    image, mask = body_image(1, band_deg=2.0, dots_deg=10.0)
    assert read_pelvis(image, pose_xy(), mask, 1).method == "markers"
    image, mask = body_image(1, band_deg=2.0, dots_deg=10.0, dots=(GREEN, None))
    r = read_pelvis(image, pose_xy(), mask, 1)
    assert r.method == "waistband" and r.angle_deg == pytest.approx(2.0, abs=0.5)


@pytest.mark.parametrize("dots", [(GREEN, None), (None, MAGENTA), (None, None)])
def test_missing_marker_gives_nan(dots):
    image, mask = body_image(1, band_deg=2.0, dots_deg=10.0, dots=dots)
    r = read_pelvis(image, pose_xy(), mask, 1, method="markers")
    assert r.method == "markers" and np.isnan(r.angle_deg) and r.confidence == 0.0


def test_swapped_markers_give_nan():
    # the "front" colour behind the "back" one: wrong facing or swapped stickers, not a reading
    image, mask = body_image(1, dots_deg=8.0, dots=(MAGENTA, GREEN))
    r = read_pelvis(image, pose_xy(), mask, 1, method="markers")
    assert np.isnan(r.angle_deg) and r.confidence == 0.0


def test_marker_colours_are_parameters():
    blue, orange = (255, 60, 0), (0, 140, 255)  # BGR
    image, mask = body_image(-1, dots_deg=-7.0, dots=(blue, orange))
    assert np.isnan(read_pelvis(image, pose_xy(), mask, -1, method="markers").angle_deg)
    colours = MarkerColours(front=HSVRange((100, 150, 80), (130, 255, 255)),
                            back=HSVRange((5, 150, 80), (25, 255, 255)))
    r = read_pelvis(image, pose_xy(), mask, -1, method="markers", markers=colours)
    assert r.angle_deg == pytest.approx(-7.0, abs=0.5) and r.confidence > 0.5


def test_hue_range_wraps_around_red():
    red = HSVRange((170, 100, 100), (10, 255, 255))
    hsv = np.array([[[175, 200, 200], [5, 200, 200], [60, 200, 200]]], np.uint8)
    assert red.mask(hsv).ravel().tolist() == [255, 255, 0]
    assert DEFAULT_MARKERS.front.mask(np.array([[[60, 255, 200]]], np.uint8))[0, 0] == 255
    assert DEFAULT_MARKERS.back.mask(np.array([[[154, 255, 230]]], np.uint8))[0, 0] == 255


# ---- waistband -----------------------------------------------------------------------------

@pytest.mark.parametrize("facing", [1, -1])
@pytest.mark.parametrize("deg", [-10.0, 0.0, 6.0, 12.0])
def test_waistband_angle_and_sign(facing, deg):
    image, mask = body_image(facing, band_deg=deg)
    r = read_pelvis(image, pose_xy(), mask, facing)
    assert r.method == "waistband"
    assert r.angle_deg == pytest.approx(deg, abs=0.5)
    assert r.confidence > 0.5
    back, front = r.points
    assert facing * (front[0] - back[0]) > 0


def test_waistband_is_mirror_invariant():
    image, mask = body_image(1, band_deg=7.0)
    right = read_pelvis(image, pose_xy(), mask, 1)
    left = read_pelvis(*mirrored(image, pose_xy(), mask), -1)
    assert left.angle_deg == pytest.approx(right.angle_deg, abs=0.2)


@pytest.mark.parametrize("top,bottom", [
    ((20, 20, 20), (235, 235, 235)),  # black over white
    ((235, 235, 235), (20, 20, 20)),  # white over black
    ((40, 140, 40), (140, 40, 140)),  # green over purple (similar brightness)
    ((90, 90, 90), (45, 45, 45)),  # grey over dark grey
])
def test_waistband_colours_are_not_assumed(top, bottom):
    image, mask = body_image(1, band_deg=8.0, top=top, bottom=bottom)
    r = read_pelvis(image, pose_xy(), mask, 1, method="waistband")
    assert r.angle_deg == pytest.approx(8.0, abs=0.5) and r.confidence > 0.5


def test_waistband_behind_a_hanging_arm():
    image, mask = body_image(1, band_deg=9.0, arm=True)
    r = read_pelvis(image, pose_xy(), mask, 1, method="waistband")
    assert r.angle_deg == pytest.approx(9.0, abs=0.5) and r.confidence > 0.5


def test_waistband_in_noise():
    for seed in range(3):
        image, mask = body_image(-1, band_deg=-6.0, noise=6.0, seed=seed)
        r = read_pelvis(image, pose_xy(), mask, -1, method="waistband")
        assert r.angle_deg == pytest.approx(-6.0, abs=0.5) and r.confidence > 0.5


@pytest.mark.parametrize("arm", [False, True])
def test_no_clothing_boundary_says_so(arm):
    image, mask = body_image(1, band_deg=None, arm=arm)
    r = read_pelvis(image, pose_xy(), mask, 1, method="waistband")
    assert np.isnan(r.angle_deg) and r.confidence == 0.0


def test_boundary_far_above_the_hips_is_not_read():
    # a boundary at the chest (a shirt's colour block) is outside the band searched
    image, mask = body_image(1, band_deg=None)
    image[:HIP.astype(int)[1] - 70][mask[:HIP.astype(int)[1] - 70] > 0.5] = SHIRT
    r = read_pelvis(image, pose_xy(), mask, 1, method="waistband")
    assert np.isnan(r.angle_deg)


def test_mask_formats():
    image, mask = body_image(1, band_deg=4.0)
    for m in (mask, mask[..., None], (mask * 255).astype(np.uint8)):
        assert read_pelvis(image, pose_xy(), m, 1).angle_deg == pytest.approx(4.0, abs=0.5)


def test_fast_enough_for_live_video():
    image, mask = body_image(1, band_deg=6.0, dots_deg=6.0)
    image2, _ = body_image(1, band_deg=6.0)
    for img, method in ((image, "markers"), (image2, "waistband")):
        read_pelvis(img, pose_xy(), mask, 1, method=method)
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            read_pelvis(img, pose_xy(), mask, 1, method=method)
            times.append(time.perf_counter() - t0)
        # the target is 5 ms on 2 cores; leave room for a busy test machine
        assert np.median(times) < 0.015, (method, np.median(times))


# ---- the real model on rendered clips --------------------------------------------------------
# Figures for every clip: `python -m tests.test_pelvis [FOLDER ...]` (default samples/truth).

TRUTH = ROOT / "samples" / "truth"
METHODS = ("markers", "waistband")


def read_truth(clip: Path) -> dict[str, np.ndarray]:
    with open(clip.parent / f"{clip.stem}.truth.csv") as fh:
        rows = list(csv.DictReader(fh))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0] if k.endswith("_deg")}


@lru_cache(maxsize=None)
def readings(clip: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per method, per frame (angle, confidence) through the real pose model and its mask."""
    from romcam.pose.detector import PoseDetector
    from romcam.kinematics.angles import detect_facing

    cap = cv2.VideoCapture(str(clip))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    frames, poses = [], []
    with PoseDetector(with_mask=True, num_poses=1) as detector:
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            found = detector.detect(frame, len(poses) * 1000.0 / fps)
            # keep only the small region the reading needs, not whole frames and masks
            poses.append(found[0] if found else None)
            frames.append(frame if found else None)
            if found:
                frames[-1], poses[-1].mask = _around_hips(frame, found[0])
    cap.release()
    xy = np.array([p.xy if p else np.full((len(L), 2), np.nan) for p in poses])
    facing = detect_facing(xy).sign
    out = {}
    for method in METHODS:
        got = [read_pelvis(f, p.xy, p.mask, facing, method=method) if p
               else PelvisReading.unknown(method) for f, p in zip(frames, poses)]
        out[method] = (np.array([r.angle_deg for r in got]), np.array([r.confidence for r in got]))
    return out


def _around_hips(frame: np.ndarray, pose) -> tuple[np.ndarray, np.ndarray]:
    """The frame and mask blanked outside a generous box around the hips (memory for long
    clips); read_pelvis looks well inside it."""
    hip = np.nanmean(pose.xy[[L.LEFT_HIP, L.RIGHT_HIP]], axis=0)
    size = np.nanmean(pose.xy[[L.LEFT_SHOULDER, L.RIGHT_SHOULDER]], axis=0) - hip
    r = int(1.5 * np.hypot(*size)) if np.isfinite(size).all() else max(frame.shape)
    x, y = (int(v) for v in np.nan_to_num(hip))
    box = np.s_[max(0, y - r):y + r, max(0, x - r):x + r]
    image = np.zeros_like(frame)
    image[box] = frame[box]
    mask = np.zeros(frame.shape[:2], np.float32)
    mask[box] = np.asarray(pose.mask).reshape(frame.shape[:2])[box]
    return image, mask


def neutral_frames(truth: dict[str, np.ndarray]) -> slice:
    """The still start: frames before any truth angle leaves its first value."""
    moving = np.zeros(len(next(iter(truth.values()))), bool)
    for values in truth.values():
        moving |= np.abs(values - values[0]) > 0.05
    first = int(np.argmax(moving)) if moving.any() else len(moving)
    return slice(0, max(5, first - 2))


def figures(clip: Path, method: str, threshold: float = 0.5) -> dict[str, float]:
    """Tilt change from the neutral start (estimate vs truth) over the frames with confidence above
    the threshold: mae, peak_error (median at the frames within 5% of the largest truth change),
    max_abs (largest estimated change: the drift of a clip without tilt), coverage."""
    truth = read_truth(clip)
    angle, conf = readings(clip)[method]
    n = min(len(angle), len(truth["pelvic_tilt_deg"]))
    angle, conf = angle[:n], conf[:n]
    tilt = truth["pelvic_tilt_deg"][:n] - truth["pelvic_tilt_deg"][0]
    good = conf > threshold
    start = neutral_frames(truth)
    base = np.median(angle[start][good[start]]) if good[start].any() else np.nan
    est = np.where(good, angle - base, np.nan)
    err = est - tilt
    largest = np.abs(tilt).max()
    peak = np.abs(tilt) >= 0.95 * largest if largest >= 1.0 else np.zeros(n, bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return {"coverage": float(good.mean()), "mae": float(np.nanmean(np.abs(err))),
                "peak_truth": float(np.median(tilt[peak])) if peak.any() else 0.0,
                "peak_error": float(np.nanmedian(err[peak])) if peak.any() else float("nan"),
                "peak_coverage": float(good[peak].mean()) if peak.any() else float("nan"),
                "max_abs": float(np.nanmax(np.abs(est))) if good.any() else float("nan")}


def truth_clips(*must_contain: str) -> list[Path]:
    """Clips with per-frame truth, facing one way throughout (the readings here are signed by one
    facing and measured from one neutral start; turning round is tested end to end elsewhere)."""
    return sorted(p for p in TRUTH.glob("*.mp4")
                  if (p.parent / f"{p.stem}.truth.csv").exists()
                  and "body_yaw_deg" not in json.loads((p.parent / f"{p.stem}.truth.json").read_text())
                  and (not must_contain or any(word in p.stem for word in must_contain)))


def tilt_clips() -> list[Path]:
    return [p for p in truth_clips("tilt", "markers")
            if np.abs(read_truth(p)["pelvic_tilt_deg"]).max() >= 5.0]


@pytest.mark.model
def test_no_tilt_clip_stays_flat_while_the_leg_extends():
    clips = [p for p in truth_clips("hipext_right_facing_right", "normal_markers")
             if not np.abs(read_truth(p)["pelvic_tilt_deg"]).any()]
    if not clips:
        pytest.skip("no clip without pelvic tilt in samples/truth")
    for clip in clips:
        wb = figures(clip, "waistband")
        assert wb["coverage"] > 0.9, (clip.name, wb)
        # the waistband's rendered top edge barely moves with the leg: measured drift 1.0-1.7 deg
        assert wb["max_abs"] < 2.5, (clip.name, wb)
        if "markers" in clip.stem:
            mk = figures(clip, "markers")
            assert mk["coverage"] > 0.9 and mk["max_abs"] < 1.0, (clip.name, mk)


@pytest.mark.model
@pytest.mark.parametrize("method", METHODS)
def test_tilt_clips_follow_the_truth(method):
    clips = [c for c in tilt_clips() if method == "waistband" or "markers" in c.stem]
    if not clips:
        pytest.skip(f"no clip with pelvic tilt{' and markers' if method == 'markers' else ''} "
                    f"in samples/truth yet")
    for clip in clips:
        f = figures(clip, method)
        assert f["peak_coverage"] > 0.8, (clip.name, f)
        if method == "markers":  # the dots move with the pelvis bones
            assert abs(f["peak_error"]) < 2.0 and f["mae"] < 1.0, (clip.name, f)
        else:  # cloth follows only part of the tilt on the rendered bodies (0.6-1.0 of it)
            ratio = 1.0 + f["peak_error"] / f["peak_truth"]
            assert 0.45 <= ratio <= 1.15, (clip.name, f)


def main(folders: list[str]) -> None:
    global TRUTH
    print(f"{'clip':40s} {'method':9s} {'cover':>5s} {'MAE':>5s} {'peak':>6s} {'error':>6s} "
          f"{'max|est|':>8s}")
    for folder in folders or [str(TRUTH)]:
        TRUTH = Path(folder)
        for clip in truth_clips():
            for method in METHODS:
                f = figures(clip, method)
                print(f"{clip.stem:40s} {method:9s} {f['coverage']:5.2f} {f['mae']:5.2f} "
                      f"{f['peak_truth']:+6.1f} {f['peak_error']:+6.2f} {f['max_abs']:8.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
