"""Coverage for people and machines: the JSON document, SVG badges and an offline HTML dashboard.

Everything here is computed by :mod:`transflow.coverage` and shown through its
``format_percent``, so the dashboard, the badges and the command line cannot disagree.

The JSON document, schema ``transflow.coverage/1`` (a field is only ever added within a
version; a renamed or removed field makes it ``/2``)::

    {
      "schema": "transflow.coverage/1",
      "generator": "transflow 0.1.0",
      "metric": "messages",            # what "percent" is a share of: "messages" or "words"
      "languages": [
        {
          "tag": "ja", "code": "ja",   # BCP 47 tag; gettext/Sphinx code (directory name)
          "name": "Japanese", "native_name": "日本語",
          "percent": 97.14,            # by "metric", unrounded (two decimals)
          "display": "97 %",           # as transflow shows it everywhere (rounded down)
          "released": true,            # reaches the release threshold; null: not configured
          "counts": COUNTS,
          "documents": [
            {"document": "index", "path": "locale/ja/LC_MESSAGES/index.po",  # null: no catalog
             "stale": false,           # the catalog is out of date with its template
             "percent": 100.0, "display": "100 %",
             "translator": "...", "revised": "...",   # Last-Translator, PO-Revision-Date
             "counts": COUNTS}
          ]
        }
      ],
      "totals": COUNTS
    }

    COUNTS = {"total", "translated", "fuzzy", "untranslated", "obsolete", "words",
              "translated_words", "percent_messages", "percent_words"}

``path`` is relative to the directory of the JSON file (``transflow report``) or to the working
directory (``transflow stats --format json``), with ``/`` separators.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Any

from transflow import __version__
from transflow.coverage import Counts, LanguageCoverage, format_percent
from transflow.files import write_if_changed

SCHEMA = "transflow.coverage/1"


def _rel(path: Path | None, start: Path) -> str | None:
    return None if path is None else Path(os.path.relpath(path, start)).as_posix()


def coverage_json(
    report: list[LanguageCoverage],
    metric: str = "messages",
    released: dict[str, bool] | None = None,
    relative_to: Path | None = None,
) -> dict[str, Any]:
    """The JSON document described above (a dict ready for ``json.dump``)."""
    start = relative_to or Path.cwd()
    languages = []
    for lc in report:
        pct = lc.counts.percent(metric)
        languages.append(
            {
                "tag": lc.lang.tag,
                "code": lc.lang.code,
                "name": lc.lang.english_name,
                "native_name": lc.lang.native_name,
                "percent": round(pct, 2),
                "display": format_percent(pct),
                "released": None if released is None else released.get(lc.lang.tag),
                "counts": lc.counts.as_dict(),
                "documents": [
                    {
                        "document": d.domain,
                        "path": _rel(d.po_path, start),
                        "stale": d.stale,
                        "percent": round(d.counts.percent(metric), 2),
                        "display": format_percent(d.counts.percent(metric)),
                        "translator": d.translator,
                        "revised": d.revised,
                        "counts": d.counts.as_dict(),
                    }
                    for d in lc.documents
                ],
            }
        )
    totals = sum((lc.counts for lc in report), Counts())
    return {
        "schema": SCHEMA,
        "generator": f"transflow {__version__}",
        "metric": metric,
        "languages": languages,
        "totals": totals.as_dict(),
    }


def _colour(percent: float) -> str:
    if percent >= 100:
        return "#2e7d32"
    if percent >= 80:
        return "#558b2f"
    if percent >= 50:
        return "#b27b00"
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
body{font-family:system-ui,-apple-system,"Noto Sans","Noto Sans Myanmar","Padauk","Noto Sans CJK JP",sans-serif;margin:2rem;color:#222;line-height:1.5}
table{border-collapse:collapse;margin:1rem 0}th,td{padding:.35rem .7rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:middle}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.bar{width:10rem;height:.8rem;background:#eee;border-radius:.4rem;overflow:hidden}.bar span{display:block;height:100%}
.small .bar{width:5rem}.stale{color:#8a5300;font-size:.85em}.draft{color:#c62828;font-size:.85em}.none{color:#777}
caption{text-align:left;font-weight:bold;margin-bottom:.5rem}.meta{color:#555;font-size:.85em}
@media (prefers-color-scheme:dark){body{background:#111;color:#ddd}th,td{border-color:#333}.bar{background:#333}.meta{color:#aaa}}
"""


def _bar(percent: float) -> str:
    # Only numbers reach the style attribute; the label is escaped by the caller's format.
    return (
        f'<div class="bar" role="img" aria-label="{html.escape(format_percent(percent))}">'
        f'<span style="width:{min(max(percent, 0.0), 100.0):.1f}%;background:{_colour(percent)}">'
        "</span></div>"
    )


def _href(path: str) -> str:
    """A relative link to a catalog, each path segment percent-encoded."""
    from urllib.parse import quote

    return html.escape(quote(path, safe="/"))


def dashboard(data: dict[str, Any]) -> str:
    """The offline HTML page: languages, then documents × languages, then each language's detail.

    Every string that came from a catalog, a file name or the configuration is escaped.
    """
    e = html.escape
    metric = data["metric"]
    langs = data["languages"]
    rows = []
    for lang in langs:
        pct = lang["percent"]
        status = (
            ""
            if lang["released"] in (None, True)
            else ' <span class="draft">below the release threshold</span>'
        )
        c = lang["counts"]
        rows.append(
            f'<tr><th scope="row" lang="{e(lang["tag"])}">{e(lang["native_name"])}</th>'
            f"<td>{e(lang['name'])} <code>{e(lang['tag'])}</code>{status}</td>"
            f"<td>{_bar(pct)}</td>"
            f'<td class="num">{e(lang["display"])}</td>'
            f'<td class="num">{c["translated"]} / {c["total"]}</td>'
            f'<td class="num">{c["fuzzy"]}</td>'
            f'<td class="num">{c["translated_words"]} / {c["words"]}</td>'
            f'<td><img src="badges/{_href(lang["tag"])}.svg" alt="{e(lang["tag"])} '
            f'{e(lang["display"])}"></td></tr>'
        )
    documents = list(dict.fromkeys(d["document"] for lang in langs for d in lang["documents"]))
    cells = {(lang["tag"], d["document"]): d for lang in langs for d in lang["documents"]}
    grid = []
    for doc in documents:
        tds = []
        for lang in langs:
            d = cells.get((lang["tag"], doc))
            if d is None:
                tds.append('<td class="none">—</td>')
                continue
            label = e(d["display"])
            if d["path"]:
                label = f'<a href="{_href(d["path"])}">{label}</a>'
            stale = (
                ' <span class="stale" title="run transflow update">stale</span>'
                if d["stale"]
                else ""
            )
            tds.append(f'<td>{_bar(d["percent"])}</td><td class="num">{label}{stale}</td>')
        grid.append(f'<tr><th scope="row"><code>{e(doc)}</code></th>{"".join(tds)}</tr>')
    grid_head = "".join(
        f'<th colspan="2" lang="{e(lang["tag"])}">{e(lang["native_name"])}</th>' for lang in langs
    )
    detail = []
    for lang in langs:
        drows = []
        for d in lang["documents"]:
            link = f"<code>{e(d['document'])}</code>"
            if d["path"]:
                link = f'<a href="{_href(d["path"])}">{link}</a>'
            elif not d["stale"]:
                link += ' <span class="none">no catalog yet</span>'
            stale = ' <span class="stale">stale: run transflow update</span>' if d["stale"] else ""
            c = d["counts"]
            who = " · ".join(e(x) for x in (d.get("translator"), d.get("revised")) if x)
            drows.append(
                f"<tr><td>{link}{stale}</td><td>{_bar(d['percent'])}</td>"
                f'<td class="num">{e(d["display"])}</td><td class="num">{c["translated"]}</td>'
                f'<td class="num">{c["fuzzy"]}</td><td class="num">{c["untranslated"]}</td>'
                f'<td class="num">{c["obsolete"]}</td>'
                f'<td class="num">{c["translated_words"]} / {c["words"]}</td>'
                f'<td class="meta">{who}</td></tr>'
            )
        detail.append(
            f'<table class="small" id="lang-{e(lang["tag"])}"><caption><span lang="{e(lang["tag"])}">'
            f"{e(lang['native_name'])}</span> — {e(lang['name'])}</caption>"
            "<tr><th>document</th><th></th><th>done</th><th>translated</th><th>fuzzy</th>"
            "<th>untranslated</th><th>obsolete</th><th>source words</th><th>last translator</th></tr>"
            + "".join(drows)
            + "</table>"
        )
    totals = data["totals"]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Translation coverage</title><style>{_CSS}</style></head>
<body><h1>Translation coverage</h1>
<p>Share of {e(metric)} translated, counted against the current templates: fuzzy entries are not
translated, and a document without a catalog counts as 0 %. Percentages are rounded down, so
100 % means complete. {totals["translated"]} of {totals["total"]} messages translated in all.
Machine-readable: <a href="coverage.json">coverage.json</a>.</p>
<table><tr><th>language</th><th></th><th></th><th>done</th><th>messages</th><th>fuzzy</th><th>source words</th><th>badge</th></tr>
{"".join(rows)}</table>
<h2>Documents</h2>
<table class="small"><tr><th>document</th>{grid_head}</tr>
{"".join(grid)}</table>
<h2>By language</h2>
{"".join(detail)}
<p class="meta">{e(data.get("generator", "transflow"))}</p>
</body></html>
"""


def write_report(data: dict[str, Any], out: Path, po_base: Path | None = None) -> list[Path]:
    """Write index.html, coverage.json and badges/<tag>.svg into ``out``; return what changed.

    Catalog paths in ``data`` are relative to ``out`` (``coverage_json(relative_to=out)``);
    ``po_base``, if given, is the directory they are relative to instead.
    """
    if po_base is not None and po_base.resolve() != out.resolve():
        data = _rebase(data, po_base, out)
    files = {
        out / "coverage.json": json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        out / "index.html": dashboard(data),
    }
    for lang in data["languages"]:
        files[out / "badges" / f"{lang['tag']}.svg"] = badge(lang["tag"], lang["percent"])
    return [path for path, text in files.items() if write_if_changed(path, text)]


def _rebase(data: dict[str, Any], old: Path, new: Path) -> dict[str, Any]:
    data = json.loads(json.dumps(data))
    for lang in data["languages"]:
        for d in lang["documents"]:
            if d["path"]:
                d["path"] = _rel(old / d["path"], new)
    return data
