"""Thresholds from a TOML file: `romcam config` writes one that reads back as the defaults, and a
wrong name or value is one line naming it (no model)."""

import tomllib

import pytest
from typer.testing import CliRunner

from romcam.activities.registry import activities
from romcam.settings import read_toml, with_values
from romcam.cli.main import app
from romcam.activities.setup_check import SetupConfig
from romcam.desk.config import DeskConfig
from romcam.kinematics.recording import Smoothing
from romcam.errors import RomcamError

runner = CliRunner()


def test_the_printed_config_reads_back_as_every_default(tmp_path):
    res = runner.invoke(app, ["config"])
    assert res.exit_code == 0, res.output
    tables = tomllib.loads(res.output)
    assert set(tables) == {a.name for a in activities()} | {"setup", "smoothing", "routine", "desk"}
    for activity in activities():
        assert with_values(activity.config(), tables[activity.name], "test") == activity.config()
    assert with_values(Smoothing(), tables["smoothing"], "test") == Smoothing()
    assert with_values(SetupConfig(), tables["setup"], "test") == SetupConfig()
    assert with_values(DeskConfig(), tables["desk"], "test") == DeskConfig()


def test_a_changed_threshold_changes_the_verdict(tmp_path):
    thomas = next(a for a in activities() if a.name == "thomas")
    path = tmp_path / "mine.toml"
    path.write_text("[thomas]\nknee_min_deg = 70.0  # deg\n")
    config = with_values(thomas.config(), read_toml(path)["thomas"], str(path))
    from romcam.activities.thomas import judge
    assert judge(0.0, 75.0, thomas.config()) == "tight-rectus-femoris"
    assert judge(0.0, 75.0, config) == "normal"


@pytest.mark.parametrize("text, message", [
    ("[thomas]\nknee_min_deg = 200\n", "ThomasConfig.knee_min_deg must be between 1 and 179 deg"),
    ("[thomas]\nknee_mn_deg = 70\n", "unknown setting 'knee_mn_deg'"),
    ("[thomas]\nknee_min_deg = 'high'\n", "knee_min_deg must be a number"),
    ("[tomas]\nknee_min_deg = 70\n", "no test or exercise named [tomas]"),
    ("[thomas\n", "cannot read config file"),
    ("[smoothing]\ncutoff_hz = 100\n", "Smoothing.cutoff_hz must be between 0.5 and 30 Hz"),
])
def test_bad_config_files_are_one_line_errors(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    res = runner.invoke(app, ["analyze", str(tmp_path / "missing.mp4"), "--test", "thomas", "--config", str(path)])
    assert res.exit_code == 2
    assert message in res.output and "Traceback" not in res.output


def test_read_toml_names_a_missing_file(tmp_path):
    with pytest.raises(RomcamError, match="config file not found"):
        read_toml(tmp_path / "none.toml")
