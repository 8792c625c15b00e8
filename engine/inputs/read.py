"""Read YAML, JSON, CSV and XLSX files into the models, with errors located by file and line.

YAML is read with a `yaml.SafeLoader` subclass: nothing in a file is ever executed, and only
`true`/`false` are booleans (YAML 1.1 would turn an option named `no` into False).
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from cyberplan.engine.errors import InputError, Problem, did_you_mean, shown, size_text
from cyberplan.engine.inputs.cells import scalar_from_text, unneutralise
from cyberplan.engine.inputs.document import MAX_FILE_BYTES, Document
from cyberplan.engine.models import Assessment, Framework, PlanConfig, Progress, Ruleset, ThreatProfile
from cyberplan.engine.models.framework import PART_FILES
from cyberplan.engine.models.questions import QUESTION_TYPES

M = TypeVar("M", bound=BaseModel)



class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader with YAML 1.2 booleans (true/false only)."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # 2026-02-30 looks like a date but is none: keep the text, so the model that reads it can
    # say where it is and what was expected, instead of the YAML reader failing without a place
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
for _first in "tTfF":
    _Loader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))


def _located(tag: str, what: str):
    """A scalar constructor whose failure (an impossible date, `!!int abc`, an integer of
    thousands of digits) is an error at the scalar's line instead of a traceback."""
    construct = yaml.SafeLoader.yaml_constructors[tag]

    def located(loader, node):
        try:
            return construct(loader, node)
        except (ValueError, OverflowError, TypeError):
            text = str(node.value)
            digits = sum(ch.isdigit() for ch in text)
            why = (f"a number with {digits:,} digits" if digits > 100 else f"not {what}: {shown(text)}")
            raise yaml.constructor.ConstructorError(None, None, why + _EXPECTED[tag], node.start_mark) from None
    _Loader.add_constructor(tag, located)


_EXPECTED = {
    "tag:yaml.org,2002:int": " (expected a whole number, at most 15 digits)",
    "tag:yaml.org,2002:float": " (expected a number such as 0.25 or 1e6)",
    "tag:yaml.org,2002:timestamp": " (expected a date as YYYY-MM-DD)",
}
_located("tag:yaml.org,2002:int", "a whole number")
_located("tag:yaml.org,2002:float", "a number")
_located("tag:yaml.org,2002:timestamp", "a calendar date")


def _line_map(node: yaml.Node, prefix: tuple, out: dict[tuple, int], name: str = "<input>",
              budget: list[int] | None = None) -> None:
    # aliases (*name) share nodes: a few lines can stand for billions of them ("billion laughs"),
    # or one long text for hundreds of copies. Each node visited costs its size (a scalar's length,
    # at least one): a walk far larger than the text is an expansion, whatever its shape.
    if budget is not None:
        budget[0] -= max(1, len(node.value)) if isinstance(node, yaml.ScalarNode) else 1
        if budget[0] < 0:
            raise InputError("the file's aliases (*name) expand to far more data than it holds; "
                             "write the values out or use fewer nested aliases", file=name,
                             line=node.start_mark.line + 1)
    out.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            k = key.value
            if isinstance(key, yaml.ScalarNode) and k != "<<":
                # YAML readers keep the last of two equal keys without a word; an answer or an id
                # given twice is a mistake the author must see
                if k in seen:
                    raise InputError(f"duplicate key {k!r} (first given on line {seen[k]})", file=name,
                                     line=key.start_mark.line + 1, path=format_loc(prefix + (k,)) or None)
                seen[k] = key.start_mark.line + 1
            out[prefix + (k,)] = key.start_mark.line + 1
            _line_map(value, prefix + (k,), out, name, budget)
            # the line of the value's own contents is the key's line for scalars
            out[prefix + (k,)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, prefix + (i,), out, name, budget)


_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


def _refuse(mode: int, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputError("expected a file, found a directory", file=name)
    if not stat.S_ISREG(mode):
        kind = next((k for test, k in _KINDS if test(mode)), "not a regular file")
        raise InputError(f"{kind}, not a regular file: cyberplan reads only ordinary files", file=name)


def open_regular(path: str | Path):
    """A binary file object for reading `path`, refused unless it is a regular file (a device such
    as /dev/zero never ends, a FIFO can block for ever). The type is checked before opening, so no
    device is opened, and again on the open file, which is opened without blocking."""
    name = str(path)
    try:
        _refuse(os.stat(path).st_mode, name)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}", file=name) from None
    try:
        st = os.fstat(fd)
        _refuse(st.st_mode, name)   # replaced between the check and the open
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    _READ.add((st.st_dev, st.st_ino))
    return os.fdopen(fd, "rb")


_READ: set[tuple[int, int]] = set()   # (device, inode) of every input file read in this run


def was_read(path: str | Path) -> bool:
    """Whether `path` (through any symlink or hard link) is a file this run read as input."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) in _READ


def forget_reads() -> None:
    """A new run begins (the CLI calls this before each command)."""
    _READ.clear()


def _over_limit(size: float, name: str) -> InputError:
    return InputError(f"the file is {size_text(size)}; the limit is {size_text(MAX_FILE_BYTES)}", file=name)


def read_bytes(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, at most `limit` (default MAX_FILE_BYTES): the bytes actually
    read are counted, not the size the file system reports."""
    limit = MAX_FILE_BYTES if limit is None else limit
    name = str(path)
    with open_regular(path) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise _over_limit(size, name)   # refused before reading a byte
            data = fh.read(limit + 1)
        except OSError as e:
            raise InputError(f"cannot read the file: {e.strerror or e}", file=name) from None
    if len(data) > limit:
        raise InputError(f"the file holds more than {size_text(limit)}, the limit", file=name)
    return data


def read_head(path: str | Path, size: int) -> str:
    """The first `size` bytes of a regular file as text ("" when it cannot be read)."""
    try:
        with open_regular(path) as fh:
            return fh.read(size).decode("utf-8-sig", errors="replace")
    except (InputError, OSError):
        return ""


def read_text(path: Path) -> str:
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text (byte {e.start}); save the file as UTF-8", file=str(path)) from None


def parse_yaml(text: str, name: str) -> Document:
    node = None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        what = (e.problem or e.context or "invalid YAML").strip()
        if not isinstance(e, yaml.constructor.ConstructorError):
            what = f"YAML syntax error: {what}"
        raise InputError(what, file=name, line=line, path=_key_on_line(node, line, name)) from None
    except yaml.YAMLError as e:
        raise InputError(f"YAML error: {e}", file=name) from None
    except RecursionError:
        raise InputError(_TOO_DEEP, file=name) from None
    lines: dict[tuple, int] = {}
    if node is not None:
        try:
            _line_map(node, (), lines, name, [10 * len(text) + 10_000])
        except RecursionError:
            raise InputError(_TOO_DEEP, file=name) from None
    return Document(name, data, lines)


def _key_on_line(node: yaml.Node | None, line: int | None, name: str) -> str | None:
    """The key path of the value on `line` (a bad scalar found while building the document)."""
    if node is None or line is None:
        return None
    lines: dict[tuple, int] = {}
    try:
        _line_map(node, (), lines, name, [10 * 1024 * 1024])
    except (InputError, RecursionError):
        return None
    on_line = [k for k, n in lines.items() if n == line and k]
    return format_loc(max(on_line, key=len)) if on_line else None


_TOO_DEEP = "lists or mappings are nested too deeply (hundreds of levels); no cyberplan file needs that"


_LONG_NUMBER = re.compile(r"-?[0-9]{101,}")


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _json_object(pairs: list[tuple[str, Any]]) -> dict:
    # json keeps the last of two equal keys without a word; as in YAML, that is the author's mistake
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(k)
        out[k] = v
    return out


def _json_constant(word: str):
    raise ValueError(f"{word} is not a number JSON allows (nor does cyberplan: give a finite number)")


def parse_json(text: str, name: str) -> Document:
    try:
        data = json.loads(text, parse_constant=_json_constant, object_pairs_hook=_json_object)
    except json.JSONDecodeError as e:
        raise InputError(f"JSON syntax error: {e.msg} (column {e.colno})", file=name, line=e.lineno) from None
    except RecursionError:
        raise InputError(_TOO_DEEP, file=name) from None
    except _DuplicateKey as e:
        found = list(re.finditer(re.escape(json.dumps(e.key)) + r"\s*:", text))
        line = text.count("\n", 0, found[1].start()) + 1 if len(found) > 1 else None
        first = text.count("\n", 0, found[0].start()) + 1 if found else None
        raise InputError(f"duplicate key {shown(e.key)}" + (f" (first given on line {first})" if first else ""),
                         file=name, line=line) from None
    except ValueError as e:
        # an integer of thousands of digits (Python refuses to convert it), or NaN/Infinity
        m = _LONG_NUMBER.search(text)
        if m and "digits" in str(e):
            line = text.count("\n", 0, m.start()) + 1
            raise InputError(f"a number with {len(m.group().lstrip('-')):,} digits (expected a number of at most "
                             "15 digits)", file=name, line=line) from None
        word = str(e).split(" ", 1)[0]
        at = re.search(rf"(?<![A-Za-z\"]){word}(?![A-Za-z\"])", text)
        line = text.count("\n", 0, at.start()) + 1 if at else None
        raise InputError(str(e), file=name, line=line) from None
    return Document(name, data)


def read_document(path: str | Path) -> Document:
    p = Path(path)
    text = read_text(p)
    if not text.strip():
        raise InputError("the file is empty", file=str(p))
    if p.suffix.lower() == ".json":
        doc = parse_json(text, str(p))
    else:
        doc = parse_yaml(text, str(p))
    if doc.data is None:
        raise InputError("the file holds no data", file=str(p))
    return doc


def format_loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _pydantic_problems(err: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    problems = []
    errors = _one_error_per_union(err.errors(include_url=False), doc.data)
    for e in errors:
        loc = tuple(e["loc"])
        # drop discriminator tags pydantic puts into union locations
        clean = _strip_union_tags(loc)
        msg = e["msg"].removeprefix("Value error, ")
        hint = None
        if e["type"] == "extra_forbidden":
            key = loc[-1]
            msg = f"unknown key {key!r}"
            allowed = _allowed_keys(model, loc[:-1], doc.data)
            if allowed:
                hint = did_you_mean(key, allowed) or ("expected one of " + ", ".join(sorted(allowed)))
        elif e["type"] == "missing":
            msg = f"missing required key {loc[-1]!r}"
        elif e["type"] == "question_type":
            given = e["input"].get("type") if isinstance(e["input"], dict) else None
            clean = clean + ("type",)
            msg = (f"unknown question type {given!r}" if given is not None else "missing required key 'type'") + \
                "; expected one of " + ", ".join(QUESTION_TYPES)
        elif "input" in e and e["type"] not in ("value_error",) and not isinstance(e["input"], (dict, list)):
            msg = f"{msg}, got {shown(e['input'])}"
        problems.append(Problem(msg, file=doc.file_of(clean), path=format_loc(clean) or None,
                                line=doc.line_of(clean), hint=hint))
    return problems


_TYPE_TAG = re.compile(r"(?:function-(?:after|before|wrap|plain)|list|dict|tuple|set|nullable|constrained)\[.*\]"
                       r"|float|int|str|bool|none|decimal")


def _one_error_per_union(errors: list[dict], data: Any) -> list[dict]:
    """A value that fits no member of a union (`per_period: .inf`, a number or a list) gets one
    error per member, each located under a type tag such as `function-after[...]`: drop the tags
    (never a key the file has) and keep, per place, the errors that are not mere "not this type"."""
    out: dict[tuple, list[dict]] = {}
    for e in errors:
        loc, kept = tuple(e["loc"]), []
        for part in loc:
            here = _data_at(data, tuple(kept))
            if isinstance(part, str) and _TYPE_TAG.fullmatch(part) and not (isinstance(here, dict) and part in here):
                continue
            kept.append(part)
        out.setdefault(tuple(kept), []).append({**e, "loc": tuple(kept)})
    chosen = []
    for group in out.values():
        telling = [e for e in group if not e["type"].endswith("_type")]
        chosen.extend(telling[:1] if len(group) > 1 and telling else group[:1] if len(group) > 1 else group)
    return chosen


_TAGS = ("all", "any", "not", "question", "entity", "outcome")


def _strip_union_tags(loc: tuple) -> tuple:
    """pydantic puts the discriminator tag of a condition or a question into the location: drop it."""
    out: list = []
    expect: tuple = ()
    for part in loc:
        if part in expect:
            expect = ()
            continue
        out.append(part)
        if (part in ("when", "not") and len(out) >= 1) or (
                isinstance(part, int) and len(out) >= 2 and out[-2] in ("all", "any")):
            expect = _TAGS
        elif isinstance(part, int) and len(out) >= 2 and out[-2] == "questions":
            expect = tuple(QUESTION_TYPES)
        else:
            expect = ()
    return tuple(out)


def _allowed_keys(model: type[BaseModel], loc: tuple, data: Any) -> list[str]:
    """The keys the model accepts at a location (best effort, for a did-you-mean)."""
    current: Any = model
    for i, part in enumerate(loc):
        if isinstance(part, int):
            if part == loc[-1] and i == len(loc) - 1 and loc[i - 1:i] == ("questions",):
                item = _data_at(data, loc)
                kind = QUESTION_TYPES.get(item.get("type")) if isinstance(item, dict) else None
                if kind is not None:
                    current = kind
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _data_at(data: Any, loc: tuple) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _inner_model(annotation: Any) -> Any:
    from typing import get_args
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def validate(model: type[M], doc: Document) -> M:
    if not isinstance(doc.data, dict):
        raise InputError(f"expected a mapping of keys at the top of the file, got {type(doc.data).__name__}",
                         file=doc.path, line=1)
    try:
        obj = model.model_validate(doc.data)
    except ValidationError as err:
        raise InputError(_pydantic_problems(err, doc, model)) from None
    problems_fn = getattr(obj, "problems", None)
    if problems_fn is not None:
        problems = problems_fn()
        if problems:
            raise InputError([locate(p, doc) for p in problems])
    return obj


def locate(p: Problem, doc: Document) -> Problem:
    """Fill in the file and line of a problem found by a model's cross-reference check."""
    if p.path:
        p.file = p.file or doc.file_of(parse_loc(p.path))
    p.file = p.file or doc.path
    if p.line is None and p.path:
        p.line = doc.line_of(parse_loc(p.path))
    return p


def parse_loc(path: str) -> tuple:
    out: list[Any] = []
    for m in re.finditer(r"\[(\d+)\]|([^.\[\]]+)", path):
        out.append(int(m.group(1)) if m.group(1) is not None else m.group(2))
    # keys such as answers.PR.AA-01.q1 contain dots: rejoin the tail after answers/implements/expect
    for anchor in ("answers", "implements", "expect", "evidence", "comments"):
        if anchor in out:
            i = out.index(anchor)
            if len(out) > i + 2:
                out = out[:i + 1] + [".".join(str(x) for x in out[i + 1:])]
    return tuple(out)


# --------------------------------------------------------------------------- public loaders

def load_framework(path: str | Path) -> Framework:
    """A framework from a YAML/JSON file, or a directory with framework.yaml (+ questions.yaml,
    controls.yaml), all validated together."""
    p = Path(path)
    if p.is_dir():
        main = p / "framework.yaml"
        doc = read_document(main)
        if not isinstance(doc.data, dict):
            raise InputError("expected a mapping at the top of the file", file=str(main), line=1)
        data = dict(doc.data)
        for part in PART_FILES:
            extra = p / f"{part}.yaml"
            if extra.exists():
                sub = read_document(extra)
                if not isinstance(sub.data, dict) or part not in sub.data:
                    raise InputError(f"expected a mapping with the key {part!r}", file=str(extra), line=1)
                unknown = set(sub.data) - set(PART_FILES[part].model_fields)
                if unknown:
                    raise InputError(f"unknown key {sorted(unknown)[0]!r}", file=str(extra),
                                     line=sub.line_of((sorted(unknown)[0],)))
                for k in ("cost_basis", "currency"):
                    if k in sub.data and k not in data:
                        data[k] = sub.data[k]
                offset = len(data.get(part) or [])
                data[part] = list(data.get(part) or []) + list(sub.data[part] or [])
                # remember which file and line each item came from, for error messages
                for loc, line in sub.lines.items():
                    if len(loc) >= 2 and loc[0] == part and isinstance(loc[1], int):
                        doc.lines[(part, offset + loc[1]) + loc[2:]] = line
                for i in range(len(sub.data[part] or [])):
                    doc.files[(part, offset + i)] = str(extra)
        return validate(Framework, Document(doc.path, data, doc.lines, doc.files))
    return validate(Framework, read_document(p))


def load_ruleset(path: str | Path) -> Ruleset:
    return validate(Ruleset, read_document(path))


def load_threat_profile(path: str | Path) -> ThreatProfile:
    return validate(ThreatProfile, read_document(path))


def load_plan_config(path: str | Path) -> PlanConfig:
    return validate(PlanConfig, read_document(path))


def load_progress(path: str | Path) -> tuple[Progress, Document]:
    """A progress file (engine/models/progress.py), with its document for locating later errors."""
    doc = read_document(path)
    return validate(Progress, doc), doc


def load_plan_result(path: str | Path):
    """A plan as `plan --format json` wrote it (SPEC §4)."""
    from cyberplan.engine.plan.result import PlanResult
    doc = read_document(path)
    if not isinstance(doc.data, dict) or "actions" not in doc.data or "periods" not in doc.data:
        raise InputError("not a plan: expected the JSON that `cyberplan plan --format json` writes (with `periods` "
                         "and `actions`)", file=str(path), line=1)
    try:
        return PlanResult.model_validate(doc.data)
    except ValidationError as err:
        raise InputError(_pydantic_problems(err, doc, PlanResult)) from None


def load_assessment(path: str | Path, *, attributes: str | Path | None = None) -> tuple[Assessment, Document]:
    """Answers from YAML/JSON, a CSV of entity,question,answer, or a questionnaire workbook."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        doc = _assessment_from_csv(p, attributes)
    elif suffix in (".xlsx", ".xlsm"):
        from cyberplan.engine.inputs.workbook import read_answers_workbook
        doc = read_answers_workbook(p)
    else:
        doc = read_document(p)
    return validate(Assessment, doc), doc


def _read_csv_rows(p: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the rows of a CSV file, each row with the line it starts on; a row with more
    or fewer fields than the header is an error at its line (blank lines are skipped)."""
    text = read_text(p)
    if not text.strip():
        raise InputError("the file is empty", file=str(p))
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = [unneutralise(h.strip()) for h in next(reader)]
        line = reader.line_num + 1
        for fields in reader:
            start, line = line, reader.line_num + 1
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if len(fields) != len(header):
                extra = f": {shown(fields[len(header)])} is one too many" if len(fields) == len(header) + 1 else ""
                raise InputError(f"expected {len(header)} fields ({','.join(header)}), found {len(fields)}{extra}",
                                 file=str(p), line=start)
            rows.append((start, dict(zip(header, fields))))
    except csv.Error as e:
        raise InputError(f"CSV syntax error: {e}", file=str(p), line=reader.line_num or None) from None
    return header, rows


def _assessment_from_csv(p: Path, attributes: str | Path | None) -> Document:
    header, rows = _read_csv_rows(p)
    missing = {"entity", "question", "answer"} - set(header)
    if missing:
        raise InputError(f"expected the columns entity,question,answer; missing {', '.join(sorted(missing))}",
                         file=str(p), line=1)
    meta: dict[str, Any] = {}
    entities: dict[str, dict[str, Any]] = {}
    lines: dict[tuple, int] = {}
    if attributes:
        ap = Path(attributes)
        if ap.suffix.lower() in (".yaml", ".yml", ".json"):
            adoc = read_document(ap)
            if not isinstance(adoc.data, dict):
                raise InputError("expected a mapping", file=str(ap), line=1)
            meta = {k: v for k, v in adoc.data.items() if k != "entities"}
            for ent in adoc.data.get("entities") or []:
                if isinstance(ent, dict) and "id" in ent:
                    entities[str(ent["id"])] = dict(ent)
        else:
            aheader, arows = _read_csv_rows(ap)
            if "id" not in aheader:
                raise InputError("expected an `id` column", file=str(ap), line=1)
            for _line, row in arows:
                ent = {k: scalar_from_text(v) for k, v in row.items() if v.strip()}
                ent["id"] = unneutralise(row["id"].strip())
                entities[ent["id"]] = ent
    first_line: dict[tuple[str, str], int] = {}
    for line, row in rows:
        eid = unneutralise(row["entity"].strip())
        qid = unneutralise(row["question"].strip())
        if not eid or not qid:
            raise InputError("empty entity or question", file=str(p), line=line)
        if (eid, qid) in first_line:
            raise InputError(f"entity {eid!r} answers question {qid!r} twice (first on line "
                             f"{first_line[eid, qid]})", file=str(p), line=line)
        first_line[eid, qid] = line
        ent = entities.setdefault(eid, {"id": eid})
        answers = ent.setdefault("answers", {})
        for column, key in (("evidence", "evidence"), ("comment", "comments")):
            note = (row.get(column) or "").strip()
            if note:
                ent.setdefault(key, {})[qid] = note
        value = scalar_from_text(row["answer"])
        if value is not None:
            answers[qid] = value
    data = dict(meta)
    # a CSV holds no header: the framework comes from --framework (or the attributes file); an
    # empty one lets the caller say "no framework" instead of a missing-key error
    data.setdefault("framework", "")
    data["entities"] = list(entities.values())
    # line numbers for answers
    order = {eid: n for n, eid in enumerate(entities)}
    for (eid, qid), line in first_line.items():
        for part in ("answers", "evidence", "comments"):
            lines[("entities", order[eid], part, qid)] = line
    return Document(str(p), data, lines)
