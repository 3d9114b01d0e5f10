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

import json
import os
from pathlib import Path

from transflow import __version__
from transflow.coverage import Counts, LanguageCoverage, format_percent
from transflow.files import write_if_changed

TYPE_CHECKING = False  # typing not imported: start-up time (benchmarks/bench_startup.py)
if TYPE_CHECKING:
    from typing import Any

SCHEMA = "transflow.coverage/1"


def _rel(path: Path | None, start: str) -> str | None:
    """``path`` relative to the absolute folder ``start``, with "/"; a plain prefix cut where it
    lies inside (``os.path.relpath`` per document was a third of ``transflow stats``)."""
    if path is None:
        return None
    text = os.fspath(path)
    inside = start.rstrip(os.sep) + os.sep
    rel = text[len(inside) :] if text.startswith(inside) else os.path.relpath(text, start)
    return rel.replace(os.sep, "/")


def coverage_json(
    report: list[LanguageCoverage],
    metric: str = "messages",
    released: dict[str, bool] | None = None,
    relative_to: Path | None = None,
) -> dict[str, Any]:
    """The JSON document described above (a dict ready for ``json.dump``)."""
    start = os.path.abspath(relative_to or Path.cwd())
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


def _text_width(text: str) -> int:
    # Verdana 11px averages ~7px per Latin glyph; wide scripts take about twice that.
    return sum(13 if ord(c) > 0x2E80 else 7 for c in text) + 10


def badge(label: str, percent: float) -> str:
    """A shields-style SVG badge, e.g. ``ja | 97 %``."""
    import html

    from transflow import pages  # and Jinja2 with it: only where a page or badge is made

    value = format_percent(percent)
    lw, vw = _text_width(label), _text_width(value)
    e = html.escape
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{lw + vw}" height="20" role="img" aria-label="{e(label)}: {e(value)}">
<title>{e(label)}: {e(value)}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="{lw + vw}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{vw}" height="20" fill="{pages.colour(percent)}"/><rect width="{lw + vw}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="{lw / 2}" y="14">{e(label)}</text><text x="{lw + vw / 2}" y="14">{e(value)}</text></g>
</svg>
"""


def dashboard(data: dict[str, Any], search: tuple[Path, ...] = ()) -> str:
    """The offline HTML page: languages, then documents × languages, then each language's detail
    (``templates/transflow-dashboard.html``, autoescaped)."""
    from transflow import pages  # and Jinja2 with it: only where a page or badge is made

    langs = data["languages"]
    documents = list(dict.fromkeys(d["document"] for lang in langs for d in lang["documents"]))
    cells = {(lang["tag"], d["document"]): d for lang in langs for d in lang["documents"]}
    return pages.render(
        "transflow-dashboard.html",
        search,
        data=data,
        documents=documents,
        cells=cells,
        css=pages.PAGES_CSS,
    )


def write_report(
    data: dict[str, Any], out: Path, po_base: Path | None = None, search: tuple[Path, ...] = ()
) -> list[Path]:
    """Write index.html, coverage.json and badges/<tag>.svg into ``out``; return what changed.

    Catalog paths in ``data`` are relative to ``out`` (``coverage_json(relative_to=out)``);
    ``po_base``, if given, is the directory they are relative to instead.
    """
    from transflow import pages  # and Jinja2 with it: only where a page or badge is made

    if po_base is not None and po_base.resolve() != out.resolve():
        data = _rebase(data, po_base, out)
    files = {
        out / "coverage.json": json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        out / "index.html": dashboard(data, search),
        out / pages.PAGES_CSS: pages.stylesheet(),
    }
    for lang in data["languages"]:
        files[out / "badges" / f"{lang['tag']}.svg"] = badge(lang["tag"], lang["percent"])
    return [path for path, text in files.items() if write_if_changed(path, text)]


def _rebase(data: dict[str, Any], old: Path, new: Path) -> dict[str, Any]:
    data = json.loads(json.dumps(data))
    for lang in data["languages"]:
        for d in lang["documents"]:
            if d["path"]:
                d["path"] = _rel(old / d["path"], os.path.abspath(new))
    return data
