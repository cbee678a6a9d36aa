"""Sagittal pelvic tilt from one side-view image: coloured markers or the clothing waistband.

The 33 pose landmarks say nothing about pelvic tilt, and the bare silhouette barely changes with
it (docs/facts.md), so this module looks at what does tilt with the pelvis:

- "markers": a dot on the front bony point of the pelvis (ASIS, green by default) and one on the
  back bony point (PSIS, magenta by default). The angle is that of the PSIS -> ASIS line.
- "waistband": the strongest roughly horizontal colour boundary crossing the silhouette just
  above the hip joints (top or bottom edge of the waistband of fitted shorts or trousers). No
  colour is assumed: any clothing boundary that spans the body will do.

Both give an absolute angle of a line in the image, in the subject's frame: + when its front end
is lower than its back end (pelvis tipped forward = anterior), mirror-invariant through `facing`
(+1 = the subject faces image-right, as in romcam.kinematics). The line's angle at rest depends
on the person and the clothes, so callers subtract the person's own neutral standing baseline to
get pelvic_tilt_deg. A waistband turns less than the pelvis does (cloth and soft tissue: about
2/3 of the tilt on the rendered bodies), markers follow the bones. Stateless: one call per frame,
working only inside a small region around the hips.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from romcam.landmarks import Landmark as L

METHODS = ("auto", "markers", "waistband")


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
        return cv2.inRange(hsv, (h0, s0, v0), (179, s1, v1)) | cv2.inRange(hsv, (0, s0, v0), (h1, s1, v1))


@dataclass(frozen=True)
class MarkerColours:
    """Colours of the two dots: `front` on the ASIS, `back` on the PSIS."""

    # RGB (0, 200, 0) is HSV (60, 255, 200); RGB (230, 0, 200) is HSV (154, 255, 230).
    front: HSVRange = field(default_factory=lambda: HSVRange((45, 110, 60), (80, 255, 255)))
    back: HSVRange = field(default_factory=lambda: HSVRange((140, 110, 60), (170, 255, 255)))


DEFAULT_MARKERS = MarkerColours()


@dataclass
class PelvisReading:
    angle_deg: float  # sagittal angle of the pelvis line in the image, signed per facing, NaN if unknown
    confidence: float  # in [0, 1]; 0 when angle_deg is NaN
    method: str  # "markers" or "waistband"
    points: np.ndarray | None = None  # (2, 2) image points (x, y) of the line: back end, front end

    @classmethod
    def unknown(cls, method: str) -> PelvisReading:
        return cls(float("nan"), 0.0, method, None)


def read_pelvis(image_bgr: np.ndarray, pose_xy: np.ndarray, mask: np.ndarray | None, facing: int,
                method: str = "auto", markers: MarkerColours = DEFAULT_MARKERS) -> PelvisReading:
    """The pelvis line's sagittal angle in one frame.

    image_bgr: the frame; pose_xy: (33, 2) landmark pixels, NaN where unknown; mask: the person's
    silhouette at frame size (float in [0, 1], or uint8 0..255), needed by the waistband method;
    facing: +1 subject faces image-right, -1 left. method "auto" uses the markers when both dots
    are found, else the waistband.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if facing not in (-1, 1):
        raise ValueError(f"facing must be +1 or -1, got {facing}")
    fallback = "markers" if method == "markers" else "waistband"
    frame = _body_frame(pose_xy)
    if frame is None:
        return PelvisReading.unknown(fallback)
    hip, scale = frame
    if method in ("auto", "markers"):
        reading = read_markers(image_bgr, hip, scale, facing, markers, mask)
        if method == "markers" or np.isfinite(reading.angle_deg):
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
    if mask is not None:
        body = cv2.dilate((_mask_u8(mask, roi) > 127).astype(np.uint8),
                          np.ones((5, 5), np.uint8)) > 0
    front = _find_dot(hsv, colours.front, scale, body)
    back = _find_dot(hsv, colours.back, scale, body)
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
    return PelvisReading(angle, float(min(cf, cb) * separation), "markers", np.array([pb, pf]))


def _find_dot(hsv: np.ndarray, colour: HSVRange, scale: float,
              body: np.ndarray | None) -> tuple[np.ndarray, float] | None:
    """Centroid (ROI pixels) and confidence of the best blob of one colour, or None."""
    binary = colour.mask(hsv)
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if n <= 1:
        return None
    areas = stats[1:, cv2.CC_STAT_AREA].astype(float)
    if body is not None:
        cx = np.clip(centroids[1:, 0].round().astype(int), 0, body.shape[1] - 1)
        cy = np.clip(centroids[1:, 1].round().astype(int), 0, body.shape[0] - 1)
        areas = np.where(body[cy, cx], areas, 0.0)
    order = np.argsort(areas)[::-1]
    best = order[0]
    area = areas[best]
    if area < 3:
        return None
    sel = labels == best + 1
    ys, xs = np.nonzero(sel)
    # Weighted by saturation * value: compression smears a small dot's rim toward the cloth.
    weight = hsv[ys, xs, 1].astype(float) * hsv[ys, xs, 2].astype(float) + 1.0
    cx, cy = np.average(xs, weights=weight), np.average(ys, weights=weight)
    # Shape: a dot (possibly foreshortened to an ellipse) fills the ellipse of its moments.
    cov = np.cov(np.stack([xs, ys]).astype(float)) if len(xs) > 2 else np.eye(2) * 0.25
    evals = np.clip(np.linalg.eigvalsh(cov + np.eye(2) / 12.0), 1e-3, None)
    fill = area / (4.0 * np.pi * np.sqrt(evals[0] * evals[1]))
    elongation = np.sqrt(evals[1] / evals[0])
    shape = float(np.clip(1.0 - abs(1.0 - fill) * 1.5, 0.0, 1.0) * np.clip((4.0 - elongation) / 2.0, 0.0, 1.0))
    size = float(np.clip(area / max(12.0, (0.03 * scale) ** 2), 0.0, 1.0))
    purity = float(np.clip((np.median(hsv[ys, xs, 1]) - 80.0) / 120.0, 0.0, 1.0))
    second = areas[order[1]] if len(order) > 1 else 0.0
    unique = float(np.clip(2.0 - 2.0 * second / area, 0.0, 1.0))  # 1 up to half the area
    return np.array([cx, cy]), size * shape * purity * unique


# ---- waistband -----------------------------------------------------------------------------

_ANGLES_DEG = np.arange(-40.0, 40.5, 1.0)


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
    margin = max(2, int(round(0.03 * scale)))
    inner = cv2.erode(body.astype(np.uint8), np.ones((2 * margin + 1, 2 * margin + 1), np.uint8)) > 0

    lab = cv2.cvtColor(cv2.GaussianBlur(image_bgr[y0:y1, x0:x1], (5, 5), 1.0),
                       cv2.COLOR_BGR2LAB).astype(np.float32)
    gx = cv2.Sobel(lab, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(lab, cv2.CV_32F, 0, 1, ksize=3)
    jxx, jyy, jxy = (gx * gx).sum(-1), (gy * gy).sum(-1), (gx * gy).sum(-1)
    # Colour structure tensor: strength and direction of the dominant edge at each pixel.
    root = np.sqrt((jxx - jyy) ** 2 + 4.0 * jxy * jxy)
    strength = np.sqrt(np.maximum(0.5 * (jxx + jyy + root), 0.0))
    grad_dir = 0.5 * np.degrees(np.arctan2(2.0 * jxy, jxx - jyy))  # gradient angle from +x, (-90, 90]
    # An edge line at image angle a (dy/dx = tan a) has its gradient at a + 90.
    edge_dir = np.where(grad_dir > 0, grad_dir - 90.0, grad_dir + 90.0)
    floor = max(40.0, 0.25 * float(np.percentile(strength[inner], 95)) if inner.any() else 40.0)
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
        return acc + np.roll(acc, 1, axis=2)  # a line straddling two bins

    acc = accumulate(agree)
    g_best, k_best, j_best = np.unravel_index(int(np.argmax(acc)), acc.shape)
    peak = float(acc[g_best, k_best, j_best])
    t = tan[k_best]
    b0 = b_min + (j_best - 0.5) * bin_px
    mine = group == g_best

    # Refine: weighted least squares on the inliers, twice with a shrinking band.
    inl = mine
    for band in (2.5, 1.5):
        resid = (y - (b0 + t * (x - xc))) / np.sqrt(1.0 + t * t)
        inl = mine & (np.abs(resid) <= band) & (np.abs(e - np.degrees(np.arctan(t))) < 20.0)
        if inl.sum() < 5:
            return PelvisReading.unknown("waistband")
        t, b0 = _wls_line(x[inl] - xc, y[inl], w[inl])
    resid = (y[inl] - (b0 + t * (x[inl] - xc))) / np.sqrt(1.0 + t * t)
    rms = float(np.sqrt(np.average(resid ** 2, weights=w[inl])))

    # How much of the body's width at that height the edge spans.
    xi = x[inl]
    row = int(np.clip(round(b0), 0, body.shape[0] - 1))
    cols = np.nonzero(body[row])[0]
    width = float(cols.max() - cols.min() + 1) if len(cols) else float(x1 - x0)
    covered = len(np.unique(xi.astype(int))) / width
    span = (xi.max() - xi.min() + 1.0) / width
    # A competing line at another angle, made of other points, with similar support makes the
    # reading ambiguous (a parallel edge, e.g. the waistband's other side, is no rival).
    near = np.abs((y - (b0 + t * (x - xc))) / np.sqrt(1.0 + t * t)) <= 3.0
    far = np.abs(_ANGLES_DEG - np.degrees(np.arctan(t))) > 4.0
    rival = float(accumulate(agree & ~near[None, :] & far[:, None]).max()) / peak
    contrast = float(np.median(w[inl]))

    conf = (np.clip((span - 0.35) / 0.35, 0.0, 1.0)
            * np.clip((covered - 0.2) / 0.3, 0.0, 1.0)
            * np.clip((1.0 - rival) / 0.3, 0.0, 1.0)
            * np.clip(1.5 - rms, 0.0, 1.0)
            * np.clip((contrast - 40.0) / 60.0, 0.0, 1.0))
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


def _wls_line(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """y = b + t x by weighted least squares; returns (t, b)."""
    sw = w.sum()
    mx, my = (w * x).sum() / sw, (w * y).sum() / sw
    sxx = (w * (x - mx) ** 2).sum()
    if sxx <= 1e-9:
        return 0.0, float(my)
    t = float((w * (x - mx) * (y - my)).sum() / sxx)
    return t, float(my - t * mx)
