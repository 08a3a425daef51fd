"""Scenarios: the model (Lever, Municipality, Scenario and its with_* methods), validation of a parsed file,
TOML load/save, the age-profile CSV and safe file access — one module each; the public names are
re-exported here, so `from sim.scenario import Scenario, loads, ...` is the one import."""

from sim.scenario.age_profile import age_profile_from_csv, parse_age_profile, read_age_profile
from sim.scenario.errors import MAX_PROBLEMS, ScenarioError
from sim.scenario.files import (MAX_FILE_BYTES, MAX_NAME_BYTES, STALE_TMP_SECONDS, FileNameTooLong, InputFileError,
                                check_file_name, read_regular_file, remove_stale_temp_files, stale_temp_files)
from sim.scenario.io import dumps, inline_files, load_scenario, loads, save_scenario
from sim.scenario.model import Lever, Municipality, Scenario, Value, from_dict, lever_ref, to_dict
from sim.scenario.validation import MAX_DRAWS, MAX_SEED, MIGRATIONS, POPULATION_PATHS, POPULATION_SERIES, SCHEMA_VERSION

__all__ = [
    "MAX_DRAWS", "MAX_FILE_BYTES", "MAX_SEED", "MAX_NAME_BYTES", "MAX_PROBLEMS", "MIGRATIONS", "POPULATION_PATHS",
    "POPULATION_SERIES", "SCHEMA_VERSION", "STALE_TMP_SECONDS", "FileNameTooLong", "InputFileError", "Lever",
    "Municipality", "Scenario", "ScenarioError", "Value", "age_profile_from_csv", "check_file_name", "dumps",
    "from_dict", "inline_files", "lever_ref", "load_scenario", "loads", "parse_age_profile", "read_age_profile",
    "read_regular_file", "remove_stale_temp_files", "save_scenario", "stale_temp_files", "to_dict",
]
