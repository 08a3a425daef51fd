"""Real municipalities: import SSDSE-A and the IPSS municipal projection, build a scenario's
[municipality] table for one municipality, a staff benchmark by size class, and batch runs.

One module per concern — sources (where the files are, bounded reads, credits), codes (codes and kinds),
ssdse and ipss (the two importers), town (one town's profile, applied and scaled to a scenario),
benchmark, batch_run — with the public names re-exported here (`from sim import municipal`).

The official files ship gzip-compressed in data/municipal/ (SSDSE-A 2025, IPSS 2023; terms and
checksums in data/SOURCES.md); a folder named by DXSIM_DATA_DIR replaces them, and newer editions
load through the same importers. Credit lines, to be shown wherever the data are used:

- 出典：独立行政法人統計センター「SSDSE（教育用標準データセット）」を加工して作成
- 出典：国立社会保障・人口問題研究所「日本の地域別将来推計人口（令和5（2023）年推計）」を加工して作成

No streamlit, no printing; errors are DataImportError (a ValueError) naming the file, what is
wrong and what was expected.
"""

from sim.municipal.batch_run import BATCH_CHUNK, batch, batch_summary, prefectures
from sim.municipal.benchmark import BENCHMARK_CAVEAT, BENCHMARK_CAVEAT_KEY, staff_benchmark
from sim.municipal.codes import DESIGNATED_CITIES, KINDS, code5, kind_of
from sim.municipal.ipss import (IPSS_LAST_YEAR, IPSS_NUMERIC, IPSS_REQUIRED, PROJECTION_FIRST_YEAR, PROJECTION_LAST_YEAR,
                                annual_path, annual_projection, read_ipss)
from sim.municipal.sources import (BUNDLED_DIR, BUNDLED_SHA256, ENV_DIR, FILE_KINDS, FILE_PATTERNS, IPSS_CREDIT,
                                   MAX_FILE_BYTES, MAX_UNZIPPED, SSDSE_CREDIT, DataImportError, data_dir,
                                   default_files, find_files, gunzip, read_source)
from sim.municipal.ssdse import HECTARES_PER_KM2, MIN_SSDSE_ROWS, SSDSE_ITEMS, read_ssdse_a
from sim.municipal.town import (DIGITAL_SHARE, find_code, for_town, load_default, profile, scale_to_town, size_class,
                                split_staff, stated_staff, with_profile)

__all__ = [
    "BATCH_CHUNK", "BENCHMARK_CAVEAT", "BENCHMARK_CAVEAT_KEY", "BUNDLED_DIR", "BUNDLED_SHA256", "DESIGNATED_CITIES",
    "DIGITAL_SHARE", "ENV_DIR", "FILE_KINDS", "FILE_PATTERNS", "HECTARES_PER_KM2", "IPSS_CREDIT", "IPSS_LAST_YEAR",
    "IPSS_NUMERIC", "IPSS_REQUIRED", "KINDS", "MAX_FILE_BYTES", "MAX_UNZIPPED", "MIN_SSDSE_ROWS",
    "PROJECTION_FIRST_YEAR", "PROJECTION_LAST_YEAR", "SSDSE_CREDIT", "SSDSE_ITEMS", "DataImportError", "annual_path",
    "annual_projection", "batch", "batch_summary", "code5", "data_dir", "default_files", "find_code", "find_files",
    "for_town", "gunzip", "kind_of", "load_default", "prefectures", "profile", "read_ipss", "read_source",
    "read_ssdse_a", "scale_to_town", "size_class", "split_staff", "staff_benchmark", "stated_staff", "with_profile",
]
