"""Coverage for people and machines: the JSON document, SVG badges and an offline HTML dashboard.

The JSON schema (``"schema": "transflow.coverage/1"``)::

    {"schema": "transflow.coverage/1", "metric": "messages",
     "languages": [{"tag", "code", "name", "native_name", "percent", "released",
                    "counts": {...Counts.as_dict()...},
                    "documents": [{"document", "path", "stale", "percent", "counts": {...}}]}],
     "totals": {...}}

``percent`` is by the configured metric; ``counts`` carries both. Everything here is computed
by :mod:`transflow.coverage`, so the dashboard, the badges and the CLI cannot disagree.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Any

from transflow.coverage import Counts, LanguageCoverage, format_percent
from transflow.pofile import write_if_changed

SCHEMA = "transflow.coverage/1"


def _rel(path: Path | None, start: Path) -> str | None:
    return None if path is None else os.path.relpath(path, start)


def coverage_json(
    report: list[LanguageCoverage],
    metric: str = "messages",
    released: dict[str, bool] | None = None,
    relative_to: Path | None = None,
) -> dict[str, Any]:
    start = relative_to or Path.cwd()
    languages = []
    for lc in report:
        languages.append(
            {
                "tag": lc.lang.tag,
                "code": lc.lang.code,
                "name": lc.lang.english_name,
                "native_name": lc.lang.native_name,
                "percent": round(lc.counts.percent(metric), 2),
                "released": None if released is None else released.get(lc.lang.tag),
                "counts": lc.counts.as_dict(),
                "documents": [
                    {
                        "document": d.domain,
                        "path": _rel(d.po_path, start),
                        "stale": d.stale,
                        "percent": round(d.counts.percent(metric), 2),
                        "counts": d.counts.as_dict(),
                    }
                    for d in lc.documents
                ],
            }
        )
    totals = sum((lc.counts for lc in report), Counts())
    return {"schema": SCHEMA, "metric": metric, "languages": languages, "totals": totals.as_dict()}


def _colour(percent: float) -> str:
    if percent >= 100:
        return "#2e7d32"
    if percent >= 80:
        return "#558b2f"
    if percent >= 50:
        return "#f9a825"
    return "#c62828"


def _text_width(text: str) -> int:
    # Verdana 11px averages ~7px per Latin glyph; wide scripts take about twice that.
    return sum(13 if ord(c) > 0x2E80 else 7 for c in text) + 10


def badge(label: str, percent: float) -> str:
    """A shields-style SVG badge, e.g. ``ja | 97 %``."""
    value = format_percent(percent)
    lw, vw = _text_width(label), _text_width(value)
    e = html.escape
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{lw + vw}" height="20" role="img" aria-label="{e(label)}: {e(value)}">
<title>{e(label)}: {e(value)}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="{lw + vw}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{vw}" height="20" fill="{_colour(percent)}"/><rect width="{lw + vw}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="{lw / 2}" y="14">{e(label)}</text><text x="{lw + vw / 2}" y="14">{e(value)}</text></g>
</svg>
"""


_CSS = """
body{font-family:system-ui,-apple-system,"Noto Sans","Noto Sans Myanmar","Noto Sans CJK JP",sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}th,td{padding:.35rem .7rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:middle}
td.num{text-align:right;font-variant-numeric:tabular-nums}.bar{width:12rem;height:.8rem;background:#eee;border-radius:.4rem;overflow:hidden}
.bar span{display:block;height:100%}.stale{color:#b26a00;font-size:.85em}.draft{color:#c62828;font-size:.85em}
caption{text-align:left;font-weight:bold;margin-bottom:.5rem}
"""


def dashboard(data: dict[str, Any], po_base: Path, out: Path) -> str:
    """The offline HTML page: languages × documents with bars, native names and .po links."""
    e = html.escape
    metric = data["metric"]
    rows = []
    for lang in data["languages"]:
        pct = lang["percent"]
        status = (
            ""
            if lang["released"] in (None, True)
            else ' <span class="draft">(below release threshold)</span>'
        )
        rows.append(
            f'<tr><th scope="row" lang="{e(lang["tag"])}">{e(lang["native_name"])}</th>'
            f"<td>{e(lang['name'])} ({e(lang['tag'])}){status}</td>"
            f'<td><div class="bar" role="img" aria-label="{e(format_percent(pct))}"><span style="width:{pct:.1f}%;background:{_colour(pct)}"></span></div></td>'
            f'<td class="num">{e(format_percent(pct))}</td>'
            f'<td class="num">{lang["counts"]["translated"]}/{lang["counts"]["total"]}</td>'
            f'<td class="num">{lang["counts"]["fuzzy"]}</td>'
            f'<td><img src="badges/{e(lang["tag"])}.svg" alt="{e(lang["tag"])} {e(format_percent(pct))}"></td></tr>'
        )
    detail = []
    for lang in data["languages"]:
        drows = []
        for d in lang["documents"]:
            link = e(d["document"])
            if d["path"]:
                target = os.path.relpath(po_base / d["path"], out)
                link = f'<a href="{e(target)}">{link}</a>'
            stale = ' <span class="stale">stale: run transflow update</span>' if d["stale"] else ""
            c = d["counts"]
            drows.append(
                f"<tr><td>{link}{stale}</td>"
                f'<td><div class="bar"><span style="width:{d["percent"]:.1f}%;background:{_colour(d["percent"])}"></span></div></td>'
                f'<td class="num">{e(format_percent(d["percent"]))}</td><td class="num">{c["translated"]}</td>'
                f'<td class="num">{c["fuzzy"]}</td><td class="num">{c["untranslated"]}</td>'
                f'<td class="num">{c["obsolete"]}</td><td class="num">{c["translated_words"]}/{c["words"]}</td></tr>'
            )
        detail.append(
            f'<table><caption lang="{e(lang["tag"])}">{e(lang["native_name"])} — {e(lang["name"])}</caption>'
            "<tr><th>document</th><th></th><th>done</th><th>translated</th><th>fuzzy</th>"
            "<th>untranslated</th><th>obsolete</th><th>words</th></tr>"
            + "".join(drows)
            + "</table>"
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Translation coverage</title><style>{_CSS}</style></head>
<body><h1>Translation coverage</h1>
<p>Share of {e(metric)} translated, counted against the current templates (fuzzy is not translated). Machine-readable: <a href="coverage.json">coverage.json</a>.</p>
<table><tr><th>language</th><th></th><th></th><th>done</th><th>messages</th><th>fuzzy</th><th>badge</th></tr>
{"".join(rows)}</table>
{"".join(detail)}
</body></html>
"""


def write_report(data: dict[str, Any], out: Path, po_base: Path) -> list[Path]:
    """Write index.html, coverage.json and badges/<tag>.svg into ``out``; return what changed."""
    written = []
    files = {
        out / "coverage.json": json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        out / "index.html": dashboard(data, po_base, out),
    }
    for lang in data["languages"]:
        files[out / "badges" / f"{lang['tag']}.svg"] = badge(lang["tag"], lang["percent"])
    for path, text in files.items():
        if write_if_changed(path, text):
            written.append(path)
    return written
