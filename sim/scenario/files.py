"""Safe file access for scenario and data files: bounded reads of regular files only, and atomic saves
(a temporary file in the same folder, synced, then renamed; a new file is created exclusively through a
hard link, which fails when another process created the name meanwhile). Knows nothing of scenarios."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from pathlib import Path

from sim.i18n import Message

MAX_FILE_BYTES = 1_000_000
MAX_NAME_BYTES = 200         # a saved file's name in bytes (UTF-8); file systems allow 255
TMP_PREFIX, TMP_SUFFIX = ".dxsim-", ".tmp"  # temporary files of a save (short: the name's bytes are not repeated)
STALE_TMP_SECONDS = 600      # a temporary file this old belongs to an interrupted save


class InputFileError(ValueError):
    """A file that is not read: not a regular file, too large, or unreadable (message without the path)."""


# what a path that is not a regular file is (names: scenario.file_kind.<kind>)
_KINDS = ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "fifo"), (stat.S_ISCHR, "device"), (stat.S_ISBLK, "device"),
          (stat.S_ISSOCK, "socket"))


def _not_regular(mode: int) -> Message | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "other")
    return Message("scenario.not_regular", kind=Message(f"scenario.file_kind.{kind}"))


def read_regular_file(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; InputFileError otherwise.

    Never blocks and never reads more than limit + 1 bytes: a FIFO, a device (/dev/zero) or a folder
    is refused from os.stat before opening, the file is opened with O_NONBLOCK and checked again with
    fstat (it may have been swapped meanwhile), and the read stops one byte beyond the limit."""
    try:
        st = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the name
        raise InputFileError(Message("scenario.cannot_read_file", a0=getattr(exc, 'strerror', None) or exc)) from None
    problem = _not_regular(st.st_mode)
    if problem:
        raise InputFileError(problem)
    if st.st_size > limit:
        raise InputFileError(Message("scenario.file_bytes_limit_bytes", a0=format(st.st_size, ','), a1=format(limit, ',')))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError) as exc:
        raise InputFileError(Message("scenario.cannot_read_file", a0=getattr(exc, 'strerror', None) or exc)) from None
    try:
        problem = _not_regular(os.fstat(fd).st_mode)
        if problem:
            raise InputFileError(problem)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputFileError(Message("scenario.cannot_read_file", a0=exc.strerror or exc)) from None
    finally:
        os.close(fd)
    if size > limit:
        raise InputFileError(Message("scenario.file_larger_than_limit", a0=format(limit, ',')))
    return b"".join(chunks)


class FileNameTooLong(ValueError):
    """A file name longer than MAX_NAME_BYTES in UTF-8 (the message names the limit, not the folder)."""


def check_file_name(name: str) -> None:
    """Raise FileNameTooLong when `name` (a file name, no folder) exceeds MAX_NAME_BYTES in UTF-8."""
    size = len(name.encode("utf-8", "surrogateescape"))
    if size > MAX_NAME_BYTES:
        raise FileNameTooLong(Message("scenario.file_name_bytes_long", a0=name[:20], a1=size, a2=MAX_NAME_BYTES, a3=MAX_NAME_BYTES // 3, a4=MAX_NAME_BYTES))


def stale_temp_files(folder: str | os.PathLike, min_age: float = STALE_TMP_SECONDS) -> list[Path]:
    """Temporary files of saves that never finished (the process was killed), at least min_age seconds old:
    this module's `.dxsim-*.tmp`, and `.<name>.toml.*.tmp` of earlier versions. Regular files only."""
    folder = Path(folder)
    out = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        ours = name.startswith(TMP_PREFIX) or (name.startswith(".") and ".toml." in name)
        if not (ours and name.endswith(TMP_SUFFIX)):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and now - st.st_mtime >= min_age:
            out.append(folder / name)
    return sorted(out)


def remove_stale_temp_files(folder: str | os.PathLike, min_age: float = STALE_TMP_SECONDS) -> list[Path]:
    """Delete the stale temporary files of `folder` (see stale_temp_files); returns those deleted."""
    gone = []
    for path in stale_temp_files(folder, min_age):
        try:
            path.unlink()
            gone.append(path)
        except OSError:
            pass  # another process removed it first, or no permission: doctor reports what stays
    return gone


def write_text_atomic(path: Path, text: str, overwrite: bool = False) -> Path:
    """Write text (UTF-8, LF) atomically: a temporary file in the same folder, then a rename over the target.

    A new file is created exclusively: the temporary file is hard-linked to the name, which fails with
    FileExistsError when the name exists, also when another process created it a moment ago (an
    exists-check followed by a rename would silently replace that file). overwrite=True replaces an
    existing file (os.replace). Stale temporary files of interrupted saves are removed on the way.
    Raises FileNameTooLong for a name over MAX_NAME_BYTES.
    """
    check_file_name(path.name)
    if path.exists() and not overwrite:
        raise FileExistsError(errno.EEXIST, "the file exists; pass overwrite=True to replace it", path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=TMP_SUFFIX, dir=path.parent)
    try:
        _write_synced(fd, text)
        if overwrite:
            os.replace(tmp, path)
        else:
            _link_exclusive(tmp, path, text)
            Path(tmp).unlink(missing_ok=True)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _link_exclusive(tmp: str, path: Path, text: str) -> None:
    """Give the finished temporary file the name `path`, failing if the name exists (atomic, exclusive).

    On a file system without hard links, create the name with O_EXCL and write into it instead."""
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK, errno.EXDEV):
            raise
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        _write_synced(fd, text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _write_synced(fd: int, text: str) -> None:
    """Write the text into the open file descriptor and fsync it (closes the descriptor)."""
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
