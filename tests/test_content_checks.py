"""The independent content checks (stdlib + PyYAML, no engine) run as part of the suite: the
framework YAML under frameworks/ is the source people edit, and these keep it consistent."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "checks"))

import check_csf_controls  # noqa: E402
import check_frameworks  # noqa: E402


def test_csf_control_catalogue_covers_every_question_and_the_official_subcategories(capsys):
    status = check_csf_controls.main([])
    assert status == 0, capsys.readouterr().out


@pytest.mark.parametrize("framework", check_frameworks.DEFAULT)
def test_framework_content_is_consistent(framework, capsys):
    status = check_frameworks.main([framework])
    assert status == 0, capsys.readouterr().out
