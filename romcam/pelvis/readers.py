"""Sagittal pelvic tilt from one side-view image: a strip of tape, coloured dots or the waistband.

The 33 pose landmarks say nothing about pelvic tilt, and the bare silhouette barely changes with
it (docs/facts.md), so this module reads lines that tilt with the pelvis:

- "tape": a strip of bright green tape (about 20 x 3 cm) on the side of the pelvis along the
  line from its front bony point (ASIS) to its back one (PSIS). It faces a side camera, so it is
  seen face-on; the line is the strip's long axis.
- "markers": a dot on the front bony point of the pelvis (ASIS, green by default) and one on the
  back bony point (PSIS, magenta by default), searched near the hip landmarks. The line is
  PSIS -> ASIS, through the dots' sub-pixel centres.
- "waistband": the strongest roughly horizontal colour boundary crossing the silhouette between
  the hip joints and a little above them (the top of fitted shorts or trousers, or the edges of
  a waistband). No colour is assumed: any clothing boundary that spans the body will do.

Both return the angle of that line in the image, in the subject's frame: + when its front end is
lower than its back end (the pelvis tipped forward = anterior), the same for a subject facing
left or the mirror image (`facing`: +1 = the subject faces image-right, as in romcam.kinematics.angles).
The angle at rest depends on the person, the clothes and where the dots sit, so the caller
subtracts the person's own neutral standing baseline to get pelvic_tilt_deg; that baseline must
come from the same method (a marker line and a waistband differ by several degrees at rest, so a
recording should not mix them: choose the method once, e.g. markers if they are found in the
neutral stance, rather than "auto" frame by frame).

Markers follow the bones; cloth follows them only partly (on the rendered bodies a waistband
turned 0.6 to 0.95 times the pelvis, depending on how the skin moved), and a waistband also moves
a little with the thigh (up to 1.5 deg for a 20 deg leg extension) and with the lumbar spine.
Stateless, one call per frame, working only inside a small region around the hips (1-3 ms at
640x480).
"""

from __future__ import annotations

import warnings

from dataclasses import dataclass, field

import cv2
import numpy as np

from romcam.pose.landmarks import Landmark as L

METHODS = ("auto", "tape", "markers", "waistband")
MARKER_METHODS = ("tape", "markers")  # read where worn; "auto" prefers them, in this order


@dataclass(frozen=True)
class HSVRange:
    """An OpenCV HSV box (H in 0..179, S and V in 0..255). A hue range with lo > hi wraps
    around red (e.g. lo 170, hi 10)."""

    lo: tuple[int, int, int]
    hi: tuple[int, int, int]

    def mask(self, hsv: np.ndarray) -> np.ndarray:
        (h0, s0, v0), (h1, s1, v1) = self.lo, self.hi
        if h0 <= h1:
            return cv2.inRange(hsv, (h0, s0, v0), (h1, s1, v1))
        return (cv2.inRange(hsv, (h0, s0, v0), (179, s1, v1))
                | cv2.inRange(hsv, (0, s0, v0), (h1, s1, v1)))


@dataclass(frozen=True)
class MarkerColours:
    """Colours of the two dots: `front` on the ASIS, `back` on the PSIS."""

    # RGB (0, 200, 0) is HSV (60, 255, 200); RGB (230, 0, 200) is HSV (154, 255, 230). The
    # saturation floors keep out dull greens (olive cloth) and purples (HSV ~(139, 136, 150)).
    front: HSVRange = field(default_factory=lambda: HSVRange((45, 120, 50), (80, 255, 255)))
    back: HSVRange = field(default_factory=lambda: HSVRange((143, 150, 50), (172, 255, 255)))


DEFAULT_MARKERS = MarkerColours()
# Bright green tape, RGB about (40, 210, 60) = HSV (63, 207, 210); the floors keep out skin,
# olive cloth and shadows, and a wide value range keeps the strip under dim light.
TAPE_COLOUR = HSVRange((42, 110, 45), (88, 255, 255))


@dataclass
class PelvisReading:
    angle_deg: float  # the pelvis line in the image, + front end lower (per facing); NaN if unknown
    confidence: float  # in [0, 1]; 0 when angle_deg is NaN
    method: str  # "tape", "markers" or "waistband"
    points: np.ndarray | None = None  # (2, 2) image points (x, y) of the line: back end, front end

    @classmethod
    def unknown(cls, method: str) -> PelvisReading:
        return cls(float("nan"), 0.0, method, None)


def read_pelvis(image_bgr: np.ndarray, pose_xy: np.ndarray, mask: np.ndarray | None, facing: int,
                method: str = "auto", markers: MarkerColours = DEFAULT_MARKERS) -> PelvisReading:
    """The pelvis line's sagittal angle in one frame.

    image_bgr: the frame; pose_xy: (33, 2) landmark pixels, NaN where unknown; mask: the person's
    silhouette at frame size (float in [0, 1], or uint8 0..255), needed by the waistband method;
    facing: +1 subject faces image-right, -1 left. method "auto" uses the tape when found, else
    both dots when found, else the waistband.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if facing not in (-1, 1):
        raise ValueError(f"facing must be +1 or -1, got {facing}")
    turned = _turn_upright(image_bgr, pose_xy, mask, facing)
    if turned is None:
        return PelvisReading.unknown("waistband" if method == "auto" else method)
    if turned[0] is not image_bgr:  # lying: read in the picture turned so that the trunk stands up
        image, xy, body_mask, front, back_to_frame = turned
        reading = read_pelvis(image, xy, body_mask, front, method, markers)
        if reading.points is not None:
            reading.points = back_to_frame(reading.points)
        return reading
    frame = _body_frame(pose_xy)
    if frame is None:
        return PelvisReading.unknown("waistband" if method == "auto" else method)
    hip, scale = frame
    for kind in MARKER_METHODS:
        if method in ("auto", kind):
            reading = (read_tape(image_bgr, hip, scale, facing, mask) if kind == "tape"
                       else read_markers(image_bgr, hip, scale, facing, markers, mask))
            if method == kind or np.isfinite(reading.angle_deg):
                return reading
    return read_waistband(image_bgr, hip, scale, mask, facing)


# ---- geometry ------------------------------------------------------------------------------

def _body_frame(pose_xy: np.ndarray) -> tuple[np.ndarray, float] | None:
    """Mid-hip point and the torso length (mid-hip to mid-shoulder, px), or None."""
    xy = np.asarray(pose_xy, dtype=float)
    hips = xy[[L.LEFT_HIP, L.RIGHT_HIP]]
    shoulders = xy[[L.LEFT_SHOULDER, L.RIGHT_SHOULDER]]
    hips = hips[np.isfinite(hips).all(axis=1)]
    shoulders = shoulders[np.isfinite(shoulders).all(axis=1)]
    if len(hips) == 0 or len(shoulders) == 0:
        return None
    hip = hips.mean(axis=0)
    scale = float(np.linalg.norm(shoulders.mean(axis=0) - hip))
    if not 10.0 <= scale < 1e4:
        return None
    return hip, scale


def _turn_upright(image: np.ndarray, pose_xy: np.ndarray, mask: np.ndarray | None, facing: int):
    """The readers look for the pelvis line beside an upright trunk. A body lying across the
    picture (the trunk nearer horizontal than vertical) is turned a quarter turn, so that the
    trunk stands up, with its front (the nose's side of the trunk line) as the facing; the tilt's
    sign is then the same as standing. Returns the inputs unchanged for an upright body,
    (image, xy, mask, facing, points back to the frame) for a lying one, None without a trunk."""
    xy = np.asarray(pose_xy, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nobody in view: no hips, no shoulders
        hip = np.nanmean(xy[[L.LEFT_HIP, L.RIGHT_HIP]], axis=0)
        trunk = np.nanmean(xy[[L.LEFT_SHOULDER, L.RIGHT_SHOULDER]], axis=0) - hip
    if not np.isfinite(trunk).all():
        return None
    if abs(trunk[1]) >= abs(trunk[0]):
        return image, pose_xy, mask, facing, None
    height, width = image.shape[:2]
    if trunk[0] < 0:  # head toward image-left: turn clockwise, (x, y) -> (H - 1 - y, x)
        turn, code = (lambda p: np.stack([height - 1 - p[..., 1], p[..., 0]], -1)), cv2.ROTATE_90_CLOCKWISE
        back = (lambda p: np.stack([p[..., 1], height - 1 - p[..., 0]], -1))
    else:  # head toward image-right: counter-clockwise, (x, y) -> (y, W - 1 - x)
        turn, code = (lambda p: np.stack([p[..., 1], width - 1 - p[..., 0]], -1)), cv2.ROTATE_90_COUNTERCLOCKWISE
        back = (lambda p: np.stack([width - 1 - p[..., 1], p[..., 0]], -1))
    turned_xy = turn(xy)
    up = turn(hip + trunk) - turn(hip)  # the trunk, now pointing up the picture
    across = np.array([-up[1], up[0]])  # toward image-right
    side = float(np.dot(turned_xy[L.NOSE] - turn(hip), across))
    front = (1 if side > 0 else -1) if np.isfinite(side) and side != 0 else facing
    turned_mask = None if mask is None else cv2.rotate(np.ascontiguousarray(mask), code)
    return cv2.rotate(image, code), turned_xy, turned_mask, front, back


def line_angle_deg(back_xy, front_xy, facing: int) -> float:
    """Angle of the back -> front line in the subject's frame: + when the front end is lower."""
    dx, dy = np.asarray(front_xy, float) - np.asarray(back_xy, float)
    return float(np.degrees(np.arctan2(dy, facing * dx)))


def _roi(shape, hip: np.ndarray, scale: float, left: float, right: float, up: float,
         down: float) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) around the hip, extents in torso lengths, clipped to the image."""
    h, w = shape[:2]
    x0 = int(max(0, np.floor(hip[0] - left * scale)))
    x1 = int(min(w, np.ceil(hip[0] + right * scale)))
    y0 = int(max(0, np.floor(hip[1] - up * scale)))
    y1 = int(min(h, np.ceil(hip[1] + down * scale)))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    return x0, y0, x1, y1


def _mask_u8(mask: np.ndarray, roi) -> np.ndarray:
    x0, y0, x1, y1 = roi
    m = np.asarray(mask)
    if m.ndim == 3:
        m = m[..., 0]
    m = m[y0:y1, x0:x1]
    if m.dtype != np.uint8:
        m = np.clip(m * 255.0, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(m)


# ---- tape ----------------------------------------------------------------------------------

def read_tape(image_bgr: np.ndarray, hip: np.ndarray, scale: float, facing: int,
              mask: np.ndarray | None = None, colour: HSVRange = TAPE_COLOUR) -> PelvisReading:
    """The long axis of the strip of tape on the side of the pelvis.

    A hand or a shirt hem may hide part of the strip: the pieces that lie along one line are
    read together, and the confidence falls with the length seen.
    """
    roi = _roi(image_bgr.shape, hip, scale, 0.8, 0.8, 0.6, 0.35)
    if roi is None:
        return PelvisReading.unknown("tape")
    x0, y0, x1, y1 = roi
    hsv = cv2.cvtColor(image_bgr[y0:y1, x0:x1], cv2.COLOR_BGR2HSV)
    binary = colour.mask(hsv)
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if n <= 1:
        return PelvisReading.unknown("tape")
    areas = stats[1:, cv2.CC_STAT_AREA].astype(float)
    if mask is not None:  # the tape lies on the body: most of a piece inside the silhouette
        grow = 2 * max(2, int(round(0.04 * scale))) + 1
        body = cv2.dilate((_mask_u8(mask, roi) > 127).astype(np.uint8), np.ones((grow, grow), np.uint8))
        inside = np.bincount(labels[body > 0], minlength=n)[1:]
        areas = np.where(inside >= 0.7 * areas, areas, 0.0)
    # The strip is 20 x 3 cm, about 0.4 x 0.06 torso lengths: anything much larger is cloth.
    areas[areas > 2.0 * 0.4 * 0.06 * scale ** 2] = 0.0
    best = int(np.argmax(areas))
    if areas[best] < 6:
        return PelvisReading.unknown("tape")
    # Pieces of the same strip (split by a hanging arm, a finger or a crease) are read together:
    # every tape-coloured piece on the body near the largest one.
    near = np.hypot(*(centroids[1:] - centroids[best + 1]).T) <= 0.35 * scale
    pieces = np.nonzero((areas >= 6) & near)[0]
    ys, xs = np.nonzero(np.isin(labels, pieces + 1))
    centre, axis, length, width = _strip_axis(xs, ys)
    for _ in range(2):  # pixels off the strip's line (a green edge of something else) are dropped
        off = np.abs((np.stack([xs, ys], 1) - centre) @ np.array([-axis[1], axis[0]]))
        keep = off <= max(3.0, 0.05 * scale)
        if keep.sum() < 6:
            return PelvisReading.unknown("tape")
        xs, ys = xs[keep], ys[keep]
        centre, axis, length, width = _strip_axis(xs, ys)
    seen = len(xs) / max(width, 1.0)  # the length of tape in view, gaps left out
    if axis[0] * facing < 0:
        axis = -axis  # back end -> front end
    ends = np.array([centre - 0.5 * length * axis, centre + 0.5 * length * axis]) + np.array([x0, y0], float)
    angle = line_angle_deg(ends[0], ends[1], facing)
    if abs(angle) > 60.0:
        return PelvisReading.unknown("tape")
    # Sub-pixel noise of the axis is about 1/length: a short visible strip is trusted less, and
    # a strip much wider than it is long is not tape seen from the side.
    in_view = float(np.clip((seen / (0.4 * scale) - 0.1) / 0.2, 0.0, 1.0))
    elongated = float(np.clip((seen / max(width, 1.0) - 1.5) / 1.5, 0.0, 1.0))
    # (dim or warm light and compression wash the green out: saturation 120 is still full tape)
    purity = float(np.clip((np.median(hsv[ys, xs, 1]) - 60.0) / 60.0, 0.0, 1.0))
    conf = in_view * elongated * purity
    if conf <= 0.0:
        return PelvisReading.unknown("tape")
    return PelvisReading(angle, conf, "tape", ends)


def _strip_axis(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Mid-point, unit long axis, extent along it and width (px) of a set of pixels."""
    pts = np.stack([xs, ys], 1).astype(float)
    cov = np.cov(pts.T) if len(pts) > 2 else np.eye(2) * 0.25
    evals, evecs = np.linalg.eigh(cov + np.eye(2) / 12.0)
    axis = evecs[:, 1]
    along = pts @ axis
    lo, hi = along.min() - 0.5, along.max() + 0.5
    centre = pts.mean(axis=0) + (0.5 * (lo + hi) - along.mean()) * axis
    # A uniform bar of width w has variance w^2 / 12 across it.
    return centre, axis, float(hi - lo), float(np.sqrt(12.0 * evals[0]))


# ---- markers -------------------------------------------------------------------------------

def read_markers(image_bgr: np.ndarray, hip: np.ndarray, scale: float, facing: int,
                 colours: MarkerColours = DEFAULT_MARKERS,
                 mask: np.ndarray | None = None) -> PelvisReading:
    """The PSIS -> ASIS line from the two coloured dots near the hip."""
    roi = _roi(image_bgr.shape, hip, scale, 0.7, 0.7, 0.6, 0.35)
    if roi is None:
        return PelvisReading.unknown("markers")
    x0, y0, x1, y1 = roi
    hsv = cv2.cvtColor(image_bgr[y0:y1, x0:x1], cv2.COLOR_BGR2HSV)
    body = None
    if mask is not None:  # dots stand on the skin: allow a few pixels outside the silhouette
        grow = 2 * max(2, int(round(0.05 * scale))) + 1
        body = cv2.dilate((_mask_u8(mask, roi) > 127).astype(np.uint8),
                          np.ones((grow, grow), np.uint8)) > 0
    patch = image_bgr[y0:y1, x0:x1]
    front = _find_dot(patch, hsv, colours.front, scale, body)
    back = _find_dot(patch, hsv, colours.back, scale, body)
    if front is None or back is None:
        return PelvisReading.unknown("markers")
    (pf, cf), (pb, cb) = front, back
    offset = np.array([x0, y0], float)
    pf, pb = pf + offset, pb + offset
    dx = facing * (pf[0] - pb[0])
    dist = float(np.hypot(*(pf - pb)))
    angle = line_angle_deg(pb, pf, facing)
    # The front dot must be ahead of the back one and the line roughly horizontal.
    if dx <= 0 or abs(angle) > 60.0 or dist < 0.05 * scale:
        return PelvisReading.unknown("markers")
    # 0.5 px of centroid error is 1 deg at 30 px apart: trust short baselines less.
    separation = float(np.clip(dist / (0.2 * scale), 0.0, 1.0))
    conf = float(min(cf, cb) * separation)
    if conf <= 0.0:
        return PelvisReading.unknown("markers")
    return PelvisReading(angle, conf, "markers", np.array([pb, pf]))


def _find_dot(bgr: np.ndarray, hsv: np.ndarray, colour: HSVRange, scale: float,
              body: np.ndarray | None) -> tuple[np.ndarray, float] | None:
    """Centroid (ROI pixels) and confidence of the best blob of one colour, or None."""
    binary = colour.mask(hsv)
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if n <= 1:
        return None
    areas = stats[1:, cv2.CC_STAT_AREA].astype(float)
    # Larger than a disk of 0.12 torso lengths in radius (about 6 cm): cloth, not a dot.
    areas[areas > np.pi * (0.12 * scale) ** 2] = 0.0
    if body is not None:
        cx = np.clip(centroids[1:, 0].round().astype(int), 0, body.shape[1] - 1)
        cy = np.clip(centroids[1:, 1].round().astype(int), 0, body.shape[0] - 1)
        areas = np.where(body[cy, cx], areas, 0.0)
    best = int(np.argmax(areas))
    if areas[best] < 3:
        return None
    # Pieces of one dot split by a crease, a shadow or a strand of hair count as one.
    near = (np.hypot(*(centroids[1:] - centroids[best + 1]).T) < 0.08 * scale) & (areas > 0)
    near[best] = True
    area = float(areas[near].sum())
    parts = np.nonzero(near)[0] + 1
    member = np.zeros(len(stats), bool)
    member[parts] = True
    sel = member[labels]
    ys, xs = np.nonzero(sel)
    box = np.array([xs.min(), ys.min(), xs.max() - xs.min() + 1, ys.max() - ys.min() + 1])
    cx, cy = _dot_centre(bgr, sel, binary > 0, box)
    # Shape: a dot (possibly foreshortened to an ellipse) fills the ellipse of its moments.
    cov = np.cov(np.stack([xs, ys]).astype(float)) if len(xs) > 2 else np.eye(2) * 0.25
    evals = np.clip(np.linalg.eigvalsh(cov + np.eye(2) / 12.0), 1e-3, None)
    fill = area / (4.0 * np.pi * np.sqrt(evals[0] * evals[1]))
    elongation = np.sqrt(evals[1] / evals[0])
    # A filled disk or ellipse gives fill ~1; ragged or hollow blobs less, lines elongate.
    shape = float(np.clip((fill - 0.35) / 0.4, 0.0, 1.0)
                  * np.clip((4.0 - elongation) / 2.0, 0.0, 1.0))
    size = float(np.clip(area / max(12.0, (0.03 * scale) ** 2), 0.0, 1.0))
    purity = float(np.clip((np.median(hsv[ys, xs, 1]) - 80.0) / 120.0, 0.0, 1.0))
    second = float(areas[~near].max()) if (~near).any() else 0.0
    unique = float(np.clip(2.0 - 2.0 * second / area, 0.0, 1.0))  # 1 up to half the area
    return np.array([cx, cy]), size * shape * purity * unique


def _dot_centre(bgr: np.ndarray, blob: np.ndarray, in_colour: np.ndarray,
                stat: np.ndarray) -> tuple[float, float]:
    """Sub-pixel centre of a blob: each pixel of the blob and its 1-px rim weighted by how much
    of the dot's colour it holds, unmixing it from the colour around the dot (blur, anti-aliasing
    and compression blend a small dot's rim with the cloth)."""
    x, y, w, h = (int(v) for v in stat[:4])
    x0, y0 = max(0, x - 3), max(0, y - 3)
    x1, y1 = min(blob.shape[1], x + w + 3), min(blob.shape[0], y + h + 3)
    inside = blob[y0:y1, x0:x1].astype(np.uint8)
    pix = bgr[y0:y1, x0:x1].astype(np.float32)
    k3 = np.ones((3, 3), np.uint8)
    grown = cv2.dilate(inside, k3)
    # (not counting pixels of the dot's colour: pieces of a dot split by a crease or a shadow)
    ring = (cv2.dilate(grown, k3) > 0) & ~(grown > 0) & ~in_colour[y0:y1, x0:x1]
    core = cv2.erode(inside, k3) > 0
    if not core.any():
        core = inside > 0
    ys, xs = np.nonzero(inside)
    fallback = (float(xs.mean() + x0), float(ys.mean() + y0))
    if not ring.any():
        return fallback
    # Each pixel's background: the colour of the nearest pixel of a ring around the dot (a dot
    # on a garment edge has two background colours).
    _, nearest = cv2.distanceTransformWithLabels((~ring).astype(np.uint8), cv2.DIST_L2, 3,
                                                 labelType=cv2.DIST_LABEL_PIXEL)
    lut = np.zeros((int(nearest.max()) + 1, 3), np.float32)
    lut[nearest[ring]] = pix[ring]
    bg = lut[nearest]
    d = np.median(pix[core], axis=0) - bg
    dd = (d * d).sum(-1)
    alpha = np.where(dd > 30.0 ** 2, ((pix - bg) * d).sum(-1) / np.maximum(dd, 1.0), 1.0)
    alpha = np.clip(alpha, 0.0, 1.0) * (grown > 0)
    total = float(alpha.sum())
    if total <= 0:
        return fallback
    gy, gx = np.mgrid[0:y1 - y0, 0:x1 - x0]
    return float((alpha * gx).sum() / total + x0), float((alpha * gy).sum() / total + y0)


# ---- waistband -----------------------------------------------------------------------------

_ANGLES_DEG = np.arange(-40.0, 40.5, 2.0)  # the vote is coarse; least squares refines it


def read_waistband(image_bgr: np.ndarray, hip: np.ndarray, scale: float, mask: np.ndarray | None,
                   facing: int) -> PelvisReading:
    """The strongest roughly horizontal clothing edge crossing the silhouette above the hips."""
    if mask is None:
        return PelvisReading.unknown("waistband")
    roi = _roi(image_bgr.shape, hip, scale, 0.7, 0.7, 0.45, 0.12)
    if roi is None:
        return PelvisReading.unknown("waistband")
    x0, y0, x1, y1 = roi
    body = _mask_u8(mask, roi) > 127
    if body.sum() < 50:
        return PelvisReading.unknown("waistband")
    margin = max(1, int(round(0.02 * scale)))
    kernel = np.ones((2 * margin + 1, 2 * margin + 1), np.uint8)
    inner = cv2.erode(body.astype(np.uint8), kernel) > 0

    lab = cv2.cvtColor(cv2.GaussianBlur(image_bgr[y0:y1, x0:x1], (5, 5), 1.0),
                       cv2.COLOR_BGR2LAB).astype(np.float32)
    gx = cv2.Sobel(lab, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(lab, cv2.CV_32F, 0, 1, ksize=3)
    jxx, jyy, jxy = (gx * gx).sum(-1), (gy * gy).sum(-1), (gx * gy).sum(-1)
    # Colour structure tensor: strength and direction of the dominant edge at each pixel.
    root = np.sqrt((jxx - jyy) ** 2 + 4.0 * jxy * jxy)
    strength = np.sqrt(np.maximum(0.5 * (jxx + jyy + root), 0.0))
    grad_dir = 0.5 * np.degrees(np.arctan2(2.0 * jxy, jxx - jyy))  # from +x, in (-90, 90]
    # An edge line at image angle a (dy/dx = tan a) has its gradient at a + 90.
    edge_dir = np.where(grad_dir > 0, grad_dir - 90.0, grad_dir + 90.0)
    # Edge points: at least a clear colour step, and a quarter of the strongest edges on the body.
    on_body = strength[inner]
    k95 = int(0.95 * (len(on_body) - 1))
    floor = max(40.0, 0.25 * float(np.partition(on_body, k95)[k95])) if len(on_body) else 40.0
    cand = inner & (np.abs(edge_dir) < 45.0) & (strength >= floor)
    # Non-maximum suppression along the column: keep the ridge of each edge.
    up = np.vstack([strength[:1], strength[:-1]])
    dn = np.vstack([strength[1:], strength[-1:]])
    cand &= (strength >= up) & (strength > dn)
    ys, xs = np.nonzero(cand)
    if len(xs) < 5:
        return PelvisReading.unknown("waistband")
    s0, s_up, s_dn = strength[ys, xs], up[ys, xs], dn[ys, xs]
    denom = s_up - 2.0 * s0 + s_dn
    sub = np.where(denom < 0, 0.5 * (s_up - s_dn) / np.where(denom < 0, denom, -1.0), 0.0)
    y = ys + np.clip(sub, -0.5, 0.5)
    x = xs.astype(float)
    w = s0.astype(float)
    e = edge_dir[ys, xs]
    group = _colour_groups(gy[ys, xs], w)

    # Hough vote over (colour group, angle, intercept at the ROI's centre column): each point
    # votes only for angles near its own edge direction, and a line is made of one kind of colour
    # change (the waistband's top and bottom edges are two lines, never mixed into one).
    xc = 0.5 * (x1 - x0)
    tan = np.tan(np.radians(_ANGLES_DEG))
    na = len(_ANGLES_DEG)
    b = y[None, :] - tan[:, None] * (x - xc)[None, :]
    agree = (np.abs(e[None, :] - _ANGLES_DEG[:, None]) < 20.0) & (group >= 0)[None, :]
    bin_px = 1.5
    b_min = -abs(tan).max() * xc - 2.0
    nb = int(np.ceil(((y1 - y0) + 2.0 * abs(tan).max() * xc + 4.0) / bin_px)) + 2
    idx = np.clip(((b - b_min) / bin_px).astype(int), 0, nb - 1)
    flat_index = (np.maximum(group, 0)[None, :] * na + np.arange(na)[:, None]) * nb + idx
    weights = np.broadcast_to(w, b.shape)
    n_groups = int(group.max()) + 1

    def accumulate(sel):
        acc = np.bincount(flat_index[sel], weights=weights[sel], minlength=n_groups * na * nb)
        acc = acc.reshape(n_groups, na, nb)
        acc[:, :, 1:] += acc[:, :, :-1].copy()  # a line straddling two bins
        return acc

    # Lines, strongest first. Those close to the strongest and about parallel to it are edges of
    # the same garment boundary (a waistband's top and bottom); of these the uppermost is read:
    # it sits farthest from the hip joints, so the thigh moving drags it least (on the rendered
    # bodies a 20 deg leg extension turned the band's lower edge 3 deg, its upper edge 0). The
    # strongest line at another angle is the rival that says how ambiguous the reading is.
    used = np.zeros(len(x), bool)
    lines: list[tuple[np.ndarray, float, float, float]] = []  # (inliers, t, b, support)
    for _ in range(5):
        acc = accumulate(agree & ~used[None, :])
        g, k, j = np.unravel_index(int(np.argmax(acc)), acc.shape)
        if acc[g, k, j] <= 0:
            break
        fit = _refine_line(x - xc, y, w, e, (group == g) & ~used, tan[k], b_min + j * bin_px)
        if fit is None:
            break
        inl, t_k, b_k = fit
        if lines and w[inl].sum() < 0.2 * lines[0][3]:
            break
        lines.append((inl, t_k, b_k, float(w[inl].sum())))
        used |= np.abs((y - (b_k + t_k * (x - xc))) / np.sqrt(1.0 + t_k * t_k)) <= 3.0
    if not lines:
        return PelvisReading.unknown("waistband")
    _, t1, b1, s1 = lines[0]
    same = [ln for ln in lines
            if abs(np.degrees(np.arctan(ln[1]) - np.arctan(t1))) <= 8.0
            and abs(ln[2] - b1) <= 0.15 * scale]
    rivals = [ln[3] for ln in lines if not any(ln is m for m in same)]
    rival = max(rivals) / s1 if rivals else 0.0
    inl, t, b0, _ = min((ln for ln in same if ln[3] >= 0.35 * s1), key=lambda ln: ln[2])
    resid = (y[inl] - (b0 + t * (x[inl] - xc))) / np.sqrt(1.0 + t * t)
    rms = float(np.sqrt(np.average(resid ** 2, weights=w[inl])))
    # Standard error of the angle from the fit (pixel rounding puts a floor under the residual).
    xw = np.average(x[inl], weights=w[inl])
    spread = float(np.sqrt(np.average((x[inl] - xw) ** 2, weights=w[inl])))
    angle_se = float(np.degrees(max(rms, 0.3) / max(spread, 1.0) / np.sqrt(inl.sum())))

    # How much of the body's width at that height the boundary spans: the line read, and all the
    # edges of the same boundary (an arm hanging in front hides the middle of it).
    xi = x[inl]
    row = int(np.clip(round(b0), 0, body.shape[0] - 1))
    cols = np.nonzero(body[row])[0]
    width = float(cols.max() - cols.min() + 1) if len(cols) else float(x1 - x0)
    span = (xi.max() - xi.min() + 1.0) / width
    covered = len(np.unique(x[np.any([ln[0] for ln in same], axis=0)].astype(int))) / width
    contrast = float(np.median(w[inl]))

    conf = (np.clip((span - 0.3) / 0.3, 0.0, 1.0)
            * np.clip((covered - 0.15) / 0.25, 0.0, 1.0)
            * np.clip((0.8 - rival) / 0.4, 0.0, 1.0)
            * np.clip((2.0 - angle_se) / 1.5, 0.0, 1.0)
            * np.clip((contrast - 40.0) / 60.0, 0.0, 1.0))
    if conf <= 0.0:
        return PelvisReading.unknown("waistband")
    ends_x = np.array([xi.min(), xi.max()])
    ends = np.stack([ends_x + x0, b0 + t * (ends_x - xc) + y0], axis=1)
    if facing < 0:
        ends = ends[::-1]  # back end first
    angle = float(facing * np.degrees(np.arctan(t)))
    return PelvisReading(angle, float(conf), "waistband", ends)


def _colour_groups(grad: np.ndarray, weight: np.ndarray, max_groups: int = 5,
                   min_cos: float = 0.9) -> np.ndarray:
    """Group edge points by the colour change across them (the signed vertical colour
    gradient's direction): greedy, strongest first. -1 for points left over."""
    unit = grad / np.maximum(np.linalg.norm(grad, axis=1, keepdims=True), 1e-6)
    group = np.full(len(grad), -1)
    for g in range(max_groups):
        free = np.nonzero(group < 0)[0]
        if len(free) == 0:
            break
        seed = free[np.argmax(weight[free])]
        # Average the seed's neighbours in colour change for a steadier centre, then take all.
        close = free[unit[free] @ unit[seed] > min_cos]
        centre = (unit[close] * weight[close, None]).sum(axis=0)
        centre /= max(np.linalg.norm(centre), 1e-6)
        group[free[unit[free] @ centre > min_cos]] = g
        group[seed] = g
    return group


def _refine_line(x, y, w, e, candidates, t, b):
    """Weighted least squares on the candidates near y = b + t x (twice, shrinking band).
    Returns (inlier mask, t, b) or None when fewer than 5 points stay."""
    inl = candidates
    for band in (2.5, 1.5):
        resid = (y - (b + t * x)) / np.sqrt(1.0 + t * t)
        inl = candidates & (np.abs(resid) <= band) & (np.abs(e - np.degrees(np.arctan(t))) < 20.0)
        if inl.sum() < 5:
            return None
        t, b = _wls_line(x[inl], y[inl], w[inl])
    return inl, t, b


def _wls_line(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """y = b + t x by weighted least squares; returns (t, b)."""
    sw = w.sum()
    mx, my = (w * x).sum() / sw, (w * y).sum() / sw
    sxx = (w * (x - mx) ** 2).sum()
    if sxx <= 1e-9:
        return 0.0, float(my)
    t = float((w * (x - mx) * (y - my)).sum() / sxx)
    return t, float(my - t * mx)
