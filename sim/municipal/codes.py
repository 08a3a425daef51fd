"""Municipality codes (全国地方公共団体コード) and kinds (政令市, 特別区, 市, 町, 村)."""

from __future__ import annotations

from sim.i18n import Message

KINDS = ("政令市", "特別区", "市", "町", "村")

# The 20 designated cities (政令指定都市), codes without the check digit (source S20).
DESIGNATED_CITIES = {
    "01100": "札幌市", "04100": "仙台市", "11100": "さいたま市", "12100": "千葉市", "14100": "横浜市",
    "14130": "川崎市", "14150": "相模原市", "15100": "新潟市", "22100": "静岡市", "22130": "浜松市",
    "23100": "名古屋市", "26100": "京都市", "27100": "大阪市", "27140": "堺市", "28100": "神戸市",
    "33100": "岡山市", "34100": "広島市", "40100": "北九州市", "40130": "福岡市", "43100": "熊本市",
}


def kind_of(code: str, name: str) -> str:
    """政令市 / 特別区 / 市 / 町 / 村 from the code (designated cities, 131xx) and the name suffix."""
    if code in DESIGNATED_CITIES:
        return "政令市"
    if code.startswith("131"):
        return "特別区"
    for suffix in ("市", "町", "村"):
        if name.endswith(suffix):
            return suffix
    raise ValueError(Message("municipal.cannot_tell_kind_name", a0=code, a1=repr(name)))


def code5(cell: str) -> str | None:
    """'R01100' / '01100' / '011002' (with check digit) -> '01100'; None if not a code."""
    s = cell.strip()
    if s[:1] in ("R", "r"):
        s = s[1:]
    if s.isascii() and s.isdigit():
        if len(s) == 4:
            s = "0" + s
        if len(s) == 6:
            s = s[:5]
        if len(s) == 5:
            return s
    return None
