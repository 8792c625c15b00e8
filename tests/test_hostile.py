"""Hostile and careless inputs, one test (or a few) per class of attack (issue 16). Each ends with
the right exit status, no traceback, a message naming the offending item, and the previous -o
file untouched. Interruptions are in test_interrupts.py; the plain bad-input corpus is in
tests/data/bad/ (test_bad_input.py)."""
from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cyberplan.cli import cli

HERE = Path(__file__).resolve().parent
MINI = HERE / "data" / "mini"
OLD = "previous output: must survive\n"


def run(args: list[str], cwd: Path, output: bool = True):
    """The CLI with `-o out.json` pointing at an existing file; returns (result, text) after
    checking the promises every failure keeps: no traceback, the old file as it was."""
    if output:
        (cwd / "out.json").write_text(OLD)
        args = [*args, "-o", "out.json"]
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, args, catch_exceptions=True)
    finally:
        os.chdir(old)
    text = result.stderr + result.stdout
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback
        pytest.fail("unhandled exception (a traceback for the user):\n" + "".join(
            traceback.format_exception(result.exception)))
    assert "Traceback" not in text
    if output and result.exit_code != 0:
        assert (cwd / "out.json").read_text() == OLD, "the -o file was overwritten"
    return result, text


@pytest.fixture
def mini(tmp_path) -> Path:
    """A folder with the mini framework, ruleset, answers and plan, as a user would have it."""
    folder = tmp_path / "work"
    shutil.copytree(MINI, folder)
    return folder


# --------------------------------------------------------------------------- files that are not files

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_answers_symlinked_to_a_device(mini, device):
    (mini / "answers.yaml").unlink()
    (mini / "answers.yaml").symlink_to(device)
    started = time.monotonic()
    r, text = run(["assess", "answers.yaml"], mini)
    assert r.exit_code == 2 and "answers.yaml" in text and "character device" in text
    assert time.monotonic() - started < 5


def test_config_is_a_device(mini):
    r, text = run(["plan", "answers.yaml", "--config", "/dev/urandom"], mini)
    assert r.exit_code == 2 and "/dev/urandom" in text and "not a regular file" in text


def test_framework_reference_to_a_device(mini):
    (mini / "answers.yaml").write_text((MINI / "answers.yaml").read_text().replace(
        "framework: framework.yaml", "framework: /dev/zero"))
    r, text = run(["assess", "answers.yaml"], mini)
    assert r.exit_code == 2 and "/dev/zero" in text and "outside the answers file's folder" in text
    r, text = run(["assess", "answers.yaml", "--allow-outside-paths"], mini)
    assert r.exit_code == 2 and "/dev/zero" in text and "character device" in text


@pytest.mark.parametrize("which", ["answers", "config", "framework"])
def test_fifo_never_hangs(mini, which):
    fifo = mini / "pipe.yaml"
    os.mkfifo(fifo)
    args = {"answers": ["assess", "pipe.yaml"],
            "config": ["plan", "answers.yaml", "--config", "pipe.yaml"],
            "framework": ["assess", "answers.yaml", "--framework", "pipe.yaml"]}[which]
    started = time.monotonic()
    r, text = run(args, mini)
    assert r.exit_code == 2 and "pipe.yaml" in text and "named pipe" in text
    assert time.monotonic() - started < 5


def test_bytes_read_are_counted_not_the_size_claimed(mini, monkeypatch):
    """/proc files say they are 0 bytes long and hold more: the limit counts what is read."""
    import cyberplan.engine.inputs.read as read
    monkeypatch.setattr(read, "MAX_FILE_BYTES", 200)
    maps = Path("/proc/self/maps")
    assert maps.stat().st_size == 0 and len(maps.read_bytes()) > 200
    (mini / "answers.yaml").unlink()
    (mini / "answers.yaml").symlink_to(maps)
    r, text = run(["assess", "answers.yaml"], mini)
    assert r.exit_code == 2 and "answers.yaml" in text and "more than 200 bytes" in text


def test_directory_given_as_a_file(mini):
    r, text = run(["plan", "answers.yaml", "--config", "."], mini)
    assert r.exit_code == 2 and "directory" in text


# --------------------------------------------------------------------------- references leaving the folder

SECRET = "hunter2-password"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A file beside the user's folder holding a secret, shaped so a framework loader would
    quote it in an error."""
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "creds.yaml").write_text(f"user: admin\npassword: {SECRET}\n")
    return secret / "creds.yaml"


@pytest.mark.parametrize("key", ["framework", "ruleset"])
@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink"])
def test_references_stay_in_the_answers_folder(mini, outside, key, how):
    if how == "symlink":
        (mini / "innocent.yaml").symlink_to(outside)
        ref = "innocent.yaml"
    else:
        ref = "../secret/creds.yaml" if how == "dotdot" else str(outside)
    (mini / "answers.yaml").write_text((MINI / "answers.yaml").read_text().replace(
        f"{key}: {key}.yaml", f"{key}: {ref}"))
    r, text = run(["assess", "answers.yaml"], mini)
    assert r.exit_code == 2
    assert "outside the answers file's folder" in text and f"at {key}" in text and ref in text
    assert SECRET not in text and "--allow-outside-paths" in text
    # asked for explicitly, it is read (and is no framework or ruleset)
    r, text = run(["assess", "answers.yaml", "--allow-outside-paths"], mini)
    assert r.exit_code == 2 and (ref if how == "symlink" else "creds.yaml") in text and "outside" not in text


def test_extends_stays_in_the_answers_folder(mini, outside):
    (mini / "ruleset.yaml").write_text((MINI / "ruleset.yaml").read_text().replace(
        "framework: mini\n", "framework: mini\nextends: ../secret/creds.yaml\n"))
    r, text = run(["assess", "answers.yaml"], mini)
    assert r.exit_code == 2 and "outside the answers file's folder" in text and SECRET not in text


def test_references_inside_the_folder_and_options_still_work(mini, outside, tmp_path):
    sub = mini / "content"
    sub.mkdir()
    shutil.move(mini / "framework.yaml", sub / "framework.yaml")
    (mini / "answers.yaml").write_text((MINI / "answers.yaml").read_text().replace(
        "framework: framework.yaml", "framework: content/../content/framework.yaml"))
    r, _ = run(["assess", "answers.yaml", "--format", "json"], mini, output=False)
    assert r.exit_code == 0, r.stderr
    # an option names a file the user chose: no containment
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(sub, elsewhere)
    r, _ = run(["assess", "answers.yaml", "--framework", str(elsewhere / "framework.yaml"), "--format", "json"],
               mini, output=False)
    assert r.exit_code == 0, r.stderr


def test_installed_framework_by_path_is_allowed(mini):
    import cyberplan.frameworks as pkg
    installed = Path(pkg.__file__).parent / "nist-csf-2.0"
    (mini / "answers.yaml").write_text(f"framework: {installed}\nentities:\n  - id: e\n")
    r, text = run(["assess", "answers.yaml", "--format", "json"], mini, output=False)
    assert r.exit_code == 0, text


# --------------------------------------------------------------------------- size guards that count what matters

def test_one_long_text_aliased_hundreds_of_times(mini):
    """Not a billion laughs (few nodes), but 300 copies of a 1 MB text: refused by total size."""
    big = "x" * 1_000_000
    aliases = ", ".join(["*t"] * 300)
    (mini / "answers.yaml").write_text(
        f"framework: framework.yaml\ntitle: &t {big}\nentities:\n  - id: e\n    attributes: {{a: [{aliases}]}}\n")
    started = time.monotonic()
    r, text = run(["assess", "answers.yaml"], mini)
    assert r.exit_code == 2 and "answers.yaml:" in text and "aliases" in text
    assert time.monotonic() - started < 10


def _xlsx(rows: int, sheet_xml: str | None = None) -> bytes:
    """A minimal workbook, written part by part: one sheet of `rows` rows and no size record
    (what a hostile or a streaming writer leaves out)."""
    body = sheet_xml or "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, rows + 1))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                            '<sheet name="big" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{body}</sheetData></worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return buf.getvalue()


def test_xlsx_with_a_million_rows_is_refused_fast(mini):
    (mini / "answers.xlsx").write_bytes(_xlsx(1_000_000))
    assert (mini / "answers.xlsx").stat().st_size < 10_000_000
    started = time.monotonic()
    r, text = run(["assess", "answers.xlsx", "--framework", "framework.yaml"], mini)
    assert r.exit_code == 2 and "answers.xlsx" in text and "sheet" in text and "limit" in text
    assert time.monotonic() - started < 5


def test_xlsx_rows_are_capped_per_sheet(mini, monkeypatch):
    import cyberplan.engine.inputs.workbook as workbook
    monkeypatch.setattr(workbook, "MAX_SHEET_ROWS", 50)
    (mini / "answers.xlsx").write_bytes(_xlsx(51))
    r, text = run(["assess", "answers.xlsx", "--framework", "framework.yaml"], mini)
    assert r.exit_code == 2 and "sheet 'big' has more than 50 rows" in text


def test_xlsx_zip_bomb_is_refused_by_its_uncompressed_size(mini, monkeypatch):
    import cyberplan.engine.inputs.workbook as workbook
    monkeypatch.setattr(workbook, "MAX_WORKBOOK_BYTES", 100_000)
    cells = '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "A" * 200_000 + "</t></is></c></row>"
    data = _xlsx(0, sheet_xml=cells)
    (mini / "answers.xlsx").write_bytes(data)
    assert len(data) < 10_000
    r, text = run(["assess", "answers.xlsx", "--framework", "framework.yaml"], mini)
    assert r.exit_code == 2 and "expands to" in text and "limit" in text


def test_xlsx_formula_without_a_saved_value(mini):
    """openpyxl (like any program that does not calculate) saves a formula without its value:
    that answer must not silently read as "not assessed"."""
    import openpyxl

    from cyberplan.engine.inputs.read import load_framework
    from cyberplan.engine.render.xlsx import questionnaire_workbook
    fw = load_framework(mini / "framework.yaml")
    path = mini / "answers.xlsx"
    path.write_bytes(questionnaire_workbook(fw, ["mof"], "mini/default"))
    wb = openpyxl.load_workbook(path)
    ws = wb["mof"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "PR-2.q2")
    ws.cell(row=row, column=7).value = "=2+1"
    wb.save(path)
    r, text = run(["assess", "answers.xlsx", "--framework", "framework.yaml", "--ruleset", "ruleset.yaml"], mini)
    assert r.exit_code == 2 and f"sheet 'mof' cell G{row}" in text and "formula" in text
