"""Writing files: atomically, only when their bytes change, and never over someone else's edit.

Every file transflow writes goes through :func:`write_if_changed`. The new bytes go to a
temporary file that is then renamed over the old one, so a reader (Sphinx, an editor, a
crashed run) only ever sees the old or the new file, never half of one. An unchanged file is
not touched (its mtime stays, so ``make`` and Sphinx see nothing to do). A symlink is written
through (the link stays a link), a read-only file is not replaced, and with ``expect`` a file
that changed since it was read (a translator saving in an editor during ``update``) is left
as the other person saved it.

Temporary files live in a directory of their own where one is given (``update`` uses
``<build folder>/.transflow/tmp``, which ignores itself in git), so a killed run leaves nothing in
``git status``; :func:`clean_temporary` removes what a killed run left.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from transflow.errors import TransflowError

_TEMP_SUFFIX = ".transflow-tmp"


class WriteError(TransflowError):
    """A file that could not be written: read-only, a full disk, a missing permission."""


class ConcurrentEdit(WriteError):
    """The file changed on disk after it was read: somebody else's work, not overwritten."""


def _message(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "cannot write: no space left on the device (the file is unchanged)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write: {exc.strerror} (the file is unchanged)"
    return f"cannot write: {exc.strerror or exc}"


def temporary_dir(build_dir: Path) -> Path:
    """The directory for temporary files in a project's build folder; git ignores it."""
    path = build_dir / ".transflow" / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    ignore = path / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    return path


def clean_temporary(directory: Path) -> list[Path]:
    """Remove temporary files a killed run left (those of a process still running stay)."""
    removed: list[Path] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        if not name.endswith(_TEMP_SUFFIX):
            continue
        pid = name[: -len(_TEMP_SUFFIX)].rpartition(".")[2]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(directory / name)
            removed.append(directory / name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_if_changed(
    path: str | Path,
    data: str | bytes,
    *,
    expect: bytes | None = None,
    temp_dir: Path | None = None,
) -> bool:
    """Atomically replace ``path`` with ``data`` unless it already holds exactly that.

    Returns whether the file was written. ``expect``: the bytes the caller read; if the file
    holds anything else just before the replacement, :class:`ConcurrentEdit` is raised and the
    file is left alone. Other failures raise :class:`WriteError` naming the path; the old file
    is then intact and no temporary file is left.
    """
    path = Path(path)
    content = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(os.path.realpath(path))  # through a symlink: the link stays a link
    try:
        current: bytes | None = target.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as exc:
        raise WriteError(f"cannot read: {exc.strerror}", path) from None
    if current == content:
        return False
    if expect is not None and current != expect:
        raise ConcurrentEdit("changed by someone else while transflow ran: not overwritten", path)
    if current is not None and not target.stat().st_mode & 0o222:  # chmod a-w: even for root
        raise WriteError("read-only: not replaced", path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(_message(exc), target.parent) from None
    tmp = _temporary(target, temp_dir)
    try:
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            if temp_dir is None:
                raise
            tmp = _temporary(target, None)  # the cache directory is unusable: beside the file
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            del exc
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        mode = target.stat().st_mode & 0o7777 if current is not None else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        if expect is not None:  # the last moment before the replacement
            try:
                now: bytes | None = target.read_bytes()
            except FileNotFoundError:
                now = None
            if now != expect:
                raise ConcurrentEdit(
                    "changed by someone else while transflow ran: not overwritten", path
                )
        try:
            os.replace(tmp, target)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            os.unlink(tmp)  # another file system: write beside the file instead
            tmp = _temporary(target, None)
            with open(tmp, "xb") as f:
                f.write(content)
            os.chmod(tmp, mode)
            os.replace(tmp, target)
    except OSError as exc:
        _unlink(tmp)
        raise WriteError(_message(exc), path) from None
    except BaseException:
        _unlink(tmp)
        raise
    return True


def _temporary(target: Path, temp_dir: Path | None) -> Path:
    where = temp_dir if temp_dir is not None else target.parent
    name = target.name if temp_dir is None else f"{abs(hash(str(target))):x}-{target.name}"
    return where / f".{name}.{os.getpid()}{_TEMP_SUFFIX}"


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
