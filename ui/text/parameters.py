"""Text of the parameters page and the levers editor (and of ui/widgets.py)."""

from sim.parameters import UNITS


def _unit_names(i: int) -> dict[str, str]:
    """parameters.unit.<unit> for every unit of the registry, named as in its one unit table (0: ja, 1: en)."""
    return {f"parameters.unit.{unit}": names[i] for unit, names in UNITS.items() if unit != "choice"}


TEXT = {
    "ja": {
        "parameters.title": "パラメータ",
        "parameters.intro": "シナリオの前提を変更します。変更はすぐに結果へ反映されます。"
                            "●は既定値から変更した値です。各項目の？に説明と出典（または仮定）を示します。",
        "parameters.tab_params": "パラメータ",
        "parameters.tab_levers": "DX施策",
        "parameters.reset_all": "すべてのパラメータを既定値に戻す",
        "parameters.reset_group": "このグループを既定値に戻す",
        "parameters.changed_count": "●変更：{n}件",
        "parameters.unchanged": "すべて既定値です。",
        "parameters.changed_suffix": " ●",
        "parameters.label_fmt": "{label}（{unit}）",
        "parameters.help_fmt": "{help}\n\n出典：{source}",
        "parameters.by_year": "年度ごとに設定",
        "parameters.by_year_help": "年度と値の表で指定します。表にない年度は直線で補間し、範囲外は端の値のままです。",
        "parameters.col_year": "年度",
        "parameters.col_value": "値（{unit}）",
        "parameters.series_duplicate_year": "同じ年度が2回あります：{year}",
        "parameters.series_incomplete": "年度と値の両方を入力してください",
        **_unit_names(0),
        # display units of ui/widgets.py (values converted to % and 万円 there)
        "parameters.unit.percent": "%",
        "parameters.unit.percent_per_year": "%/年",
        "parameters.unit.man_yen": "万円",
        "parameters.unit.yen": "円",
        "parameters.levers.intro": "シナリオのDX施策です。施策ごとに開始年度、普及期間、上限、効果と費用を設定します。",
        "parameters.levers.none": "DX施策がありません。下から追加してください。",
        "parameters.levers.title_fmt": "施策{n}：{name}（{kind}）",
        "parameters.levers.title_plain": "施策{n}：{name}",
        "parameters.levers.disabled_suffix": "［無効］",
        "parameters.levers.enabled": "この施策を有効にする",
        "parameters.levers.name": "施策の名前",
        "parameters.levers.remove": "この施策を削除",
        "parameters.levers.add_kind": "追加する施策の種類",
        "parameters.levers.add": "施策を追加",
    },
    "en": {
        "parameters.title": "Parameters",
        "parameters.intro": "Change the assumptions of the scenario; results follow at once. "
                            "● marks a value changed from its default. Each ? shows the explanation and the source "
                            "(or that the value is an assumption).",
        "parameters.tab_params": "Parameters",
        "parameters.tab_levers": "DX levers",
        "parameters.reset_all": "Reset all parameters to defaults",
        "parameters.reset_group": "Reset this group to defaults",
        "parameters.changed_count": "● changed: {n}",
        "parameters.unchanged": "All values are defaults.",
        "parameters.changed_suffix": " ●",
        "parameters.label_fmt": "{label} ({unit})",
        "parameters.help_fmt": "{help}\n\nSource: {source}",
        "parameters.by_year": "Set by fiscal year",
        "parameters.by_year_help": "Give a table of year and value. Years in between are interpolated linearly; "
                                   "outside the table the nearest value holds.",
        "parameters.col_year": "Fiscal year",
        "parameters.col_value": "Value ({unit})",
        "parameters.series_duplicate_year": "The same year appears twice: {year}",
        "parameters.series_incomplete": "Give both a year and a value in every row",
        **_unit_names(1),
        "parameters.unit.percent": "%",
        "parameters.unit.percent_per_year": "%/yr",
        "parameters.unit.man_yen": "¥10,000",
        "parameters.unit.yen": "¥",
        "parameters.unit.year": "FY",
        "parameters.levers.intro": "The DX levers of the scenario: for each, the start year, ramp-up, ceiling, effect and costs.",
        "parameters.levers.none": "The scenario has no DX levers. Add one below.",
        "parameters.levers.title_fmt": "Lever {n}: {name} ({kind})",
        "parameters.levers.title_plain": "Lever {n}: {name}",
        "parameters.levers.disabled_suffix": " [disabled]",
        "parameters.levers.enabled": "Lever enabled",
        "parameters.levers.name": "Lever name",
        "parameters.levers.remove": "Remove this lever",
        "parameters.levers.add_kind": "Kind of lever to add",
        "parameters.levers.add": "Add lever",
    },
}
