"""Rendering results: every command builds an `Output` (JSON-able data plus tables), and an
`OutputFormat` (a plugin hook) turns it into text or bytes. Files are written atomically."""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]
    name: str = ""  # a short machine name (csv file, sheet name)
    styles: dict[str, str] = field(default_factory=dict)  # column -> "heat" | "money" | "level"


@dataclass
class Output:
    kind: str                     # assessment | gap | plan | impact | frameworks | ...
    data: dict[str, Any]          # the JSON form
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    result: Any = None            # the engine's own result object, for rich formats
    context: dict[str, Any] = field(default_factory=dict)  # inputs rich formats may want


@dataclass
class OutputFormat:
    name: str
    extension: str
    render: Callable[[Output], str | bytes]
    kinds: tuple[str, ...] = ()   # empty: every kind
    binary: bool = False
    description: str = ""
    plugin: str = ""              # the plugin that provides it (set when it is registered)

    def supports(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


def _mode_for(path: Path) -> int:
    """The permissions the written file gets: those of the file it replaces, else what the umask
    allows (0644 under the usual 022), as for any file a program creates."""
    try:
        return os.stat(path).st_mode & 0o777   # never a setuid or sticky bit carried over
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename over the target: a reader sees
    the old file or the new one, never half of one. Through a symlink the file it points to is
    written (the link stays); a file this run read as input is never overwritten."""
    from cyberplan.engine.errors import InputError
    from cyberplan.engine.inputs.read import was_read
    given = str(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if was_read(path):
        raise InputError("this is one of the run's input files: writing the output there would replace it; "
                         "choose another output file", file=given, path="--output")
    try:
        mode_now = os.stat(path).st_mode
    except OSError:
        mode_now = None
    if mode_now is not None and not stat.S_ISREG(mode_now):
        # never renamed over: a rename would replace /dev/null itself with a file
        _write_stream(given, mode_now, data)
        return
    path = Path(os.path.realpath(path))   # the symlink's target, created or replaced in its own folder
    mode = _mode_for(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent or "."))
    except OSError as e:
        why = (f"the folder {str(path.parent)!r} does not exist" if not path.parent.exists()
               else e.strerror or str(e))
        raise InputError(f"cannot write the file: {why}; nothing was written", file=given) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):   # disk full, quota, permissions: the old file stays as it was
            raise InputError(f"could not write the file: {e.strerror or e}; nothing was written"
                             + (" and the previous file is unchanged" if path.exists() else ""),
                             file=given) from None
        raise


def _write_stream(given: str, mode: int, data: bytes) -> None:
    """Output to a character device (/dev/null, /dev/stdout, a terminal) or a named pipe: written
    straight to it, as a stream has no "previous file" to keep; anything else is refused."""
    from cyberplan.engine.errors import InputError
    if stat.S_ISDIR(mode):
        raise InputError("expected a file, found a directory; nothing was written", file=given)
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise InputError("not a regular file, a character device or a pipe (a disk or a socket): nothing was "
                         "written", file=given)
    try:
        # a pipe nobody reads would block for ever: opened without blocking, it fails at once
        fd = os.open(given, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        why = "no program is reading from the pipe" if e.errno == errno.ENXIO else (e.strerror or str(e))
        raise InputError(f"cannot write: {why}; nothing was written", file=given) from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as e:
        raise InputError(f"could not write: {e.strerror or e}", file=given) from None
    finally:
        os.close(fd)


def format_for(out: Output, fmt: str | None, path: Path | None, formats: dict[str, OutputFormat]) -> OutputFormat:
    """The format asked for, else the one the file's extension names, else `table`; checked to
    apply to this kind of output."""
    from cyberplan.engine.errors import InputError
    if fmt is None:
        fmt = "table"
        if path is not None:
            ext = Path(path).suffix.lower().lstrip(".")
            fmt = next((name for name, f in formats.items() if f.extension == ext and name != "table"), "table")
    f = formats.get(fmt)
    if f is None:
        raise InputError(f"unknown format {fmt!r}; available: {', '.join(sorted(formats))}", path="--format")
    if not f.supports(out.kind):
        raise InputError(f"format {fmt!r} does not apply to {out.kind} output", path="--format")
    return f


def render_isolated(f: OutputFormat, out: Output) -> str | bytes:
    """Call a format's renderer, which a plugin may provide: its failure or a result that is not
    text (bytes for a binary format) is bad output reported by the format's and plugin's name,
    not a traceback, and never a false "interrupted"."""
    from cyberplan.engine.errors import InputError, cut
    from cyberplan.engine.interrupts import is_real_interrupt
    who = f"the output format {f.name!r}" + (f" of plugin {f.plugin!r}" if f.plugin else "")
    try:
        content = f.render(out)
    except KeyboardInterrupt as e:
        if is_real_interrupt(e):
            raise
        raise InputError(f"{who} failed: it raised KeyboardInterrupt", path="--format") from None
    except (Exception, SystemExit) as e:  # noqa: BLE001 - a plugin's failure, reported by its name
        raise InputError(f"{who} failed: {type(e).__name__}: {cut(e)}", path="--format") from None
    expected = (bytes,) if f.binary else (str, bytes)
    if not isinstance(content, expected):
        raise InputError(f"{who} returned {type(content).__name__}, expected "
                         + ("bytes" if f.binary else "text"), path="--format")
    return content


def emit(out: Output, fmt: str | None = None, path: str | Path | None = None,
         formats: dict[str, OutputFormat] | None = None, *, terminal: bool = False,
         stream: Any = None) -> Path | None:
    """Render an Output in the chosen format, atomically to `path` (returned), or to `stream`
    (standard output by default; coloured tables when `terminal` is true)."""
    import sys

    from cyberplan.engine.errors import InputError
    if formats is None:
        from cyberplan.plugins.manager import registry
        formats = registry().formats
    path = Path(path) if path is not None else None
    f = format_for(out, fmt, path, formats)
    if path is None and f.name == "table" and terminal:
        from cyberplan.engine.render.terminal import print_rich
        print_rich(out)
        return None
    content = render_isolated(f, out)
    if path is not None:
        write_atomic(path, content)
        return path
    if isinstance(content, bytes):
        raise InputError(f"format {f.name!r} is binary: give -o FILE", path="--output")
    (stream or sys.stdout).write(content)
    return None
