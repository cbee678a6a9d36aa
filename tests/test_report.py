"""report.html opened in a real browser (headless Chromium)."""

import shutil
import subprocess

import cv2
import pytest
from typer.testing import CliRunner

from romcam.cli.main import app
from tests.conftest import needs

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.model, needs(bool(CHROMIUM), "Chromium")]


def chromium(*args, user_dir):
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                           "--no-first-run", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={user_dir}", *args],
                          capture_output=True, text=True, timeout=120)


def test_report_renders_verdict_plot_and_key_frame(samples, tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["analyze", str(samples / "truth" / "lean_trunk_facing_right.mp4"),
                                   "--test", "hip-extension", "--out", str(out)])
    assert res.exit_code == 0, res.output
    page = (out / "report.html").as_uri()
    dom = chromium("--dump-dom", page, user_dir=tmp_path / "profile").stdout
    assert "compensated" in dom and "trunk-lean" in dom
    assert dom.count("<svg") == 1 and "data:image/jpeg;base64," in dom
    assert "http://" not in dom and "https://" not in dom  # self-contained
    shot = tmp_path / "report.png"
    chromium("--window-size=1000,1400", f"--screenshot={shot}", page, user_dir=tmp_path / "profile2")
    image = cv2.imread(str(shot))
    assert image is not None and image.shape[:2] == (1400, 1000)
    assert image.std() > 20  # a page with content, not a blank screen


def test_a_hostile_file_name_runs_no_script_and_the_report_calls_no_server(samples, tmp_path):
    """A video named like HTML: the report shows the name as text, in a real browser."""
    hostile = tmp_path / "<img src=x onerror=document.title='pwned'>.mp4"
    shutil.copy(samples / "truth" / "hipext_right_facing_right.mp4", hostile)
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["analyze", str(hostile), "--test", "hip-extension", "--out", str(out)])
    assert res.exit_code == 0, res.output
    html_text = (out / "report.html").read_text()
    assert "<img src=x" not in html_text and "&lt;img src=x" in html_text
    assert "http://" not in html_text and "https://" not in html_text  # nothing fetched from anywhere
    dom = chromium("--dump-dom", (out / "report.html").as_uri(), user_dir=tmp_path / "chrome").stdout
    title = dom.split("<title>")[1].split("</title>")[0]
    assert title.strip() != "pwned" and "&lt;img src=x" in title  # shown as text; the script never ran
    assert "<img src=\"x\"" not in dom
