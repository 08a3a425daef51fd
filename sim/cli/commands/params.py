"""python -m sim params: the parameter registry (keys, defaults, ranges, sources) as a table, CSV or markdown."""

from __future__ import annotations

import csv
import io

from sim.cli.common import EXIT_OK, Usage, header, plain_number, render_table
from sim.cli.options import add_option
from sim.i18n import Message, t
from sim.parameters import GROUPS, REGISTRY, format_table, group_label

NAME = "params"
HELP = "cli.help.params"
DESCRIPTION = "cli.desc.params"

def add_arguments(p) -> None:
    add_option(p, "lang")
    p.add_argument("--group", metavar="G", help=t("cli.arg.params.group", p.lang))
    add_option(p, "format", choices=("table", "csv", "markdown"), default="table", help="cli.arg.params.format")


PARAM_COLUMNS = ("key", "label", "unit", "default", "range", "time_varying", "uncertainty", "source")


def param_rows(lang: str, group: str | None = None, readable: bool = True) -> list[dict]:
    """format_table rows (optionally one group, or a group prefix such as 'lever').

    readable: thousands separators in defaults and ranges (not for years) and ○ for 'by year' in Japanese;
    a time-series default is always written in --set syntax (2025:0,2030:1)."""
    rows = []
    for row in format_table(lang):
        if group and not (row["group"] == group or row["group"].startswith(group + ".")):
            continue
        p = REGISTRY[row["key"]]
        row = dict(row)
        grouping = readable and p.unit != "year"
        if p.default is not None:
            row["default"] = plain_number(p.default, grouping)
        if p.numeric and p.min is not None and p.max is not None:
            row["range"] = f"{plain_number(p.min, grouping)}–{plain_number(p.max, grouping)}"
        if row["time_varying"] and readable:
            row["time_varying"] = t("cli.yes", lang)
        rows.append(row)
    return rows


def _md_cell(s) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def execute(args, out, err) -> int:
    lang = args.lang
    if args.group and not any(g == args.group or g.startswith(args.group + ".") for g in GROUPS):
        raise Usage(Message("cli.usage.unknown_group", group=repr(args.group), groups=", ".join(GROUPS)))
    rows = param_rows(lang, args.group, readable=args.format != "csv")
    if args.format == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["key"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        out.write(buf.getvalue())
        return EXIT_OK
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row)
    headers = [header(c, lang) for c in PARAM_COLUMNS]
    blocks = []
    for g, items in groups.items():
        title = group_label(g, lang)
        cells = [[str(r[c]) for c in PARAM_COLUMNS] for r in items]
        if args.format == "markdown":
            lines = [f"### {title} (`{g}`)", "", "| " + " | ".join(headers) + " |",
                     "|" + "|".join(["---"] * len(headers)) + "|"]
            for r in cells:
                r[0] = f"`{r[0]}`"
                lines.append("| " + " | ".join(_md_cell(c) for c in r) + " |")
            blocks.append("\n".join(lines))
        else:
            blocks.append(f"{title} ({g})\n" + render_table(headers, cells, ["l"] * len(headers)))
    print("\n\n".join(blocks), file=out)
    return EXIT_OK
