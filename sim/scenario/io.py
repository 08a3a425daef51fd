"""Scenario files (TOML): load, parse, write. Saving is canonical (save -> load -> save is byte-identical),
atomic and, for a new file, exclusive (see sim.scenario.files)."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from pathlib import Path

import tomli_w

from sim.i18n import Message, message_of
from sim.scenario.errors import ScenarioError
from sim.scenario.files import MAX_FILE_BYTES, InputFileError, read_regular_file, write_text_atomic
from sim.scenario.model import Scenario, from_dict, to_dict


def load_scenario(path: str | os.PathLike) -> Scenario:
    path = Path(path)
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except InputFileError as exc:
        raise ScenarioError([("", message_of(exc))], str(path)) from None
    return loads(raw, source=str(path), base_dir=str(path.parent))


def loads(raw: bytes | str, source: str | None = None, base_dir: str | None = None) -> Scenario:
    """Parse TOML bytes/text into a validated Scenario."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_FILE_BYTES:
            raise ScenarioError([("", Message("scenario.file_bytes_limit_bytes", a0=format(len(raw), ','), a1=format(MAX_FILE_BYTES, ',')))], source)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError([("", Message("scenario.not_utf_8_text_", a0=exc.start))],
                                source) from None
    else:
        text = raw
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ScenarioError([("", Message("scenario.file_empty"))], source)
    try:
        data = tomllib.loads(text)
    except ValueError as exc:  # TOMLDecodeError, or an integer literal of thousands of digits
        raise ScenarioError([("", Message("scenario.not_valid_toml", a0=exc))], source) from None
    except RecursionError:
        raise ScenarioError([("", Message("scenario.not_valid_toml_nesting"))], source) from None
    return from_dict(data, source=source, base_dir=base_dir)


def dumps(sc: Scenario) -> str:
    return tomli_w.dumps(to_dict(sc), multiline_strings=True)


def save_scenario(sc: Scenario, path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write the scenario's canonical TOML atomically; a new file exclusively (FileExistsError when the name
    exists), overwrite=True replaces it. Raises FileNameTooLong for a name over MAX_NAME_BYTES
    (see sim.scenario.files.write_text_atomic)."""
    return write_text_atomic(Path(path), dumps(sc), overwrite)


def inline_files(sc: Scenario) -> Scenario:
    """The scenario with the age profile its CSV gave held inline, so that it no longer refers to a
    file: the app keeps scenarios as text without a folder, where a file name cannot be resolved."""
    m = sc.municipality
    if m.age_profile_csv is None:
        return sc
    return dataclasses.replace(sc, municipality=dataclasses.replace(m, age_profile_csv=None))
