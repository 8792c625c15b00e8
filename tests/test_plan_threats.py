"""The plan configuration's `threats:` (docs/formats.md §3.5): a threat profile named in the
configuration (an installed name, or a path relative to the configuration file) weighs the plan
as `--threats` does, and `--threats` overrides it."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from cyberplan.cli import cli

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"


def _config(tmp_path: Path, threats: str | None) -> Path:
    text = (MINI / "plan.yaml").read_text()
    cfg = tmp_path / "cfg" / "plan.yaml"
    cfg.parent.mkdir(exist_ok=True)
    cfg.write_text(text + (f"\nthreats: {threats}\n" if threats else ""))
    return cfg


def _plan(*args: str) -> tuple[int, str, dict | None]:
    res = CliRunner().invoke(cli, ["plan", str(MINI / "answers.yaml"), "-q", "--format", "json", *args])
    try:
        return res.exit_code, res.output, json.loads(res.stdout)
    except ValueError:
        return res.exit_code, res.output, None


def test_the_configurations_threats_weigh_the_plan_as_the_option_does(tmp_path):
    cfg = _config(tmp_path, "profiles/mini.yaml")          # relative to the configuration, not to here
    (cfg.parent / "profiles").mkdir()
    shutil.copy(DATA / "threats" / "mini.yaml", cfg.parent / "profiles" / "mini.yaml")
    code, out, from_config = _plan("--config", str(cfg))
    assert code == 0, out
    code, out, from_option = _plan("--config", str(MINI / "plan.yaml"),
                                   "--threats", str(DATA / "threats" / "mini.yaml"))
    assert code == 0, out
    assert from_config["objective"]["unit"] == "USD" and from_config["business_case"] is not None
    for key in ("status", "objective", "actions", "spend", "weights"):
        assert from_config[key] == from_option[key], key
    # without a profile the same plan counts level-periods
    code, out, bare = _plan("--config", str(MINI / "plan.yaml"))
    assert bare["objective"]["unit"] == "level-periods" and bare["business_case"] is None


def test_the_option_overrides_the_configuration(tmp_path):
    cfg = _config(tmp_path, "no-such-profile.yaml")
    code, out, plan = _plan("--config", str(cfg), "--threats", str(DATA / "threats" / "mini.yaml"))
    assert code == 0, out
    assert plan["objective"]["unit"] == "USD"


def test_a_configurations_unknown_profile_is_bad_input_located_in_it(tmp_path):
    cfg = _config(tmp_path, "no-such-profile.yaml")
    code, out, _ = _plan("--config", str(cfg))
    assert code == 2, out
    assert f"{cfg}: at threats: unknown threat profile 'no-such-profile.yaml'" in out
    assert "Traceback" not in out
