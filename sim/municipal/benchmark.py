"""Staff benchmark: general-administration staff per 10,000 residents against the municipality's size
class (a comparator only, never used for demand)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim import data
from sim.municipal.town import size_class

BENCHMARK_CAVEAT_KEY = "benchmark.caveat"
BENCHMARK_CAVEAT = {
    "ja": "一般行政部門職員数（SSDSE-A、2023年）の人口1万人当たりの値を、同じ規模区分の団体と比べたものです。"
          "現在の職員配置の水準を示すもので、必要な職員数を示すものではありません（需要の計算には使いません）。"
          "総務省の類似団体別職員数とは区分の方法が異なります。",
    "en": "General-administration staff (SSDSE-A, 2023) per 10,000 residents against municipalities of the same "
          "size class. It reflects current staffing levels, not need, and never drives demand. The classes are "
          "not MIC's 類似団体 groups.",
}


def _with_class(ssdse: pd.DataFrame) -> pd.DataFrame:
    df = ssdse[(ssdse["population"] > 0)].copy()
    df["size_class"] = [size_class(p, k) for p, k in zip(df["population"], df["kind"])]
    df["staff_per_10k"] = df["general_admin_staff"] / df["population"] * 10_000
    return df


def staff_benchmark(ssdse: pd.DataFrame, code: str) -> dict:
    """General-administration staff per 10,000 residents of a municipality against its size class.

    A comparator only (類似団体-style, but not MIC's 類似団体): never used for demand. Keys:
    code, name, staff, population, staff_per_10k, size_class (preset key), label_ja, label_en,
    median, p25, p75 (over the SSDSE rows of the class with population > 0 and staff given), n,
    percentile (share of the class at or below the municipality), caveat_key, caveat_ja, caveat_en.
    """
    code = str(code)
    if code not in ssdse.index:
        raise KeyError(f"municipality code {code!r} is not in the SSDSE-A table")
    row = ssdse.loc[code]
    cls = size_class(row["population"], row["kind"])
    df = _with_class(ssdse)
    peers = df.loc[(df["size_class"] == cls), "staff_per_10k"].dropna().to_numpy()
    own = (float(row["general_admin_staff"] / row["population"] * 10_000)
           if row["population"] > 0 and pd.notna(row["general_admin_staff"]) else float("nan"))
    pr = data.presets().loc[cls]
    return {
        "code": code, "name": f"{row['prefecture']} {row['name']}", "staff": float(row["general_admin_staff"]),
        "population": int(row["population"]), "staff_per_10k": own, "size_class": cls,
        "label_ja": pr["label_ja"], "label_en": pr["label_en"],
        "median": float(np.median(peers)), "p25": float(np.percentile(peers, 25)),
        "p75": float(np.percentile(peers, 75)), "n": int(peers.size),
        "percentile": float((peers <= own).mean()) if math.isfinite(own) else float("nan"),
        "caveat_key": BENCHMARK_CAVEAT_KEY, "caveat_ja": BENCHMARK_CAVEAT["ja"], "caveat_en": BENCHMARK_CAVEAT["en"],
    }
