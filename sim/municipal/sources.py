"""Where the municipal data files are (the bundled copies, or the folder named by DXSIM_DATA_DIR) and how
they are read: regular files only, within a size limit, gzip unpacked with a limit too. The credit lines
to show wherever the data are used."""

from __future__ import annotations

import fnmatch
import os
import zlib
from pathlib import Path

from sim.i18n import Message, message_of
from sim import data
from sim.scenario import InputFileError, read_regular_file

SSDSE_CREDIT = "出典：独立行政法人統計センター「SSDSE（教育用標準データセット）」を加工して作成"
IPSS_CREDIT = "出典：国立社会保障・人口問題研究所「日本の地域別将来推計人口（令和5（2023）年推計）」を加工して作成"


class DataImportError(ValueError):
    """A file that cannot be imported: the message names the file, the problem and what was expected."""


# The published files unpack to about 1 MB (SSDSE-A 0.9 MB, the IPSS projection 1.2 MB): a gzip upload is
# refused as soon as it unpacks beyond 8 MB, and a plain file beyond that size is not read at all.
MAX_UNZIPPED = 8 * 2**20
MAX_FILE_BYTES = MAX_UNZIPPED


def read_source(source, name: str | None) -> tuple[bytes, str]:
    """(bytes, label for messages) of a path or bytes."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "uploaded file"
    path = Path(os.fspath(source))
    label = name or str(path)
    try:  # a regular file only (a FIFO or a device must not block), at most MAX_FILE_BYTES
        return read_regular_file(path, MAX_FILE_BYTES), label
    except InputFileError as exc:
        raise DataImportError(Message("municipal.msg", a0=label, a1=message_of(exc))) from None


def gunzip(raw: bytes, label: str) -> bytes:
    """Unpack gzip data incrementally, stopping one chunk beyond MAX_UNZIPPED (a 400 kB gzip bomb is
    refused after 8 MB of output, not after unpacking it all)."""
    d = zlib.decompressobj(wbits=31)
    chunks, size = [], 0
    data = raw
    try:
        while not d.eof:
            chunk = d.decompress(data, 1 << 20)
            data = d.unconsumed_tail
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_UNZIPPED:
                raise DataImportError(Message("municipal.unpacked_file_larger_than", a0=label, a1=MAX_UNZIPPED // 2 ** 20))
            if not chunk and not data:
                break
    except zlib.error as exc:
        raise DataImportError(Message("municipal.damaged_gzip_file", a0=label, a1=exc)) from None
    out = b"".join(chunks)
    if not d.eof:
        raise DataImportError(Message("municipal.gzip_file_truncated_it", a0=label))
    return out


ENV_DIR = "DXSIM_DATA_DIR"
BUNDLED_DIR: Path = data.DATA_DIR / "municipal"
FILE_KINDS = ("ssdse", "ipss")
FILE_PATTERNS = {"ssdse": "ssdse_a*", "ipss": "ipss*"}  # + .csv or .csv.gz, case-insensitive
# The bundled copies: file -> sha256 of the unpacked bytes (= the files in ../shared/data, documented in
# data/SOURCES.md). A copy may be removed (e.g. if a publisher's terms require it); none may differ.
BUNDLED_SHA256 = {
    "ssdse_a_2025_original_cp932.csv.gz": "b91497de93fd78327490d1e6f54920fb0e7f29d4adc122174b496f7cf55bbeb4",
    "ipss_municipal_projection_2023.csv.gz": "05323fffdc914b68ce0dd06c1179c4e193cce129adb78d95fe708acbab616e12",
}


def data_dir() -> Path | None:
    """The folder named by DXSIM_DATA_DIR, or None when the variable is unset or blank."""
    folder = os.environ.get(ENV_DIR, "").strip()
    return Path(folder) if folder else None


def find_files(folder: Path) -> dict[str, Path | None]:
    """The first file of each kind (ssdse_a*.csv / ipss*.csv, or the same .csv.gz), in the folder or
    one level down; None for a kind not found."""
    out: dict[str, Path | None] = {k: None for k in FILE_KINDS}
    folder = Path(folder)
    try:
        candidates = [p for pattern in ("*", "*/*") for p in sorted(folder.glob(pattern))
                      if p.name.lower().endswith((".csv", ".csv.gz")) and p.is_file()]
    except OSError:
        return out
    for kind, pattern in FILE_PATTERNS.items():
        out[kind] = next((p for p in candidates if fnmatch.fnmatch(p.name.lower(), pattern)), None)
    return out


def default_files() -> tuple[dict[str, Path | None], str]:
    """(files by kind, origin): the DXSIM_DATA_DIR folder's files ("folder") when the variable is set,
    else the copies bundled in data/municipal/ ("bundled")."""
    folder = data_dir()
    if folder is not None:
        return find_files(folder), "folder"
    return find_files(BUNDLED_DIR), "bundled"
