"""Pieces → one site: the switchers, ``hreflang`` alternates, the root index and a link check,
for exactly the editions (version × language) the site holds.

A *piece* is one built target (version × language × format). Its record,
``<out>/pieces/<name>.json``, says what it is and under which content key it was built; an
HTML piece's folder also holds ``transflow-pages.json`` (written by the Sphinx extension): its
pages with their coverage and the switcher's words in its language. ``transflow build`` writes
pieces and then calls :func:`finish` on its output folder; ``transflow assemble`` first merges
the output folders of pieces built elsewhere (CI jobs) and then does the same. So a switcher
never offers an edition the site does not have, and links to the same page in another edition
only where that edition has it, otherwise to its start page, saying so.

This module does not import Sphinx: assembling a site needs none.
"""

from __future__ import annotations

import dataclasses
import json
import os
import posixpath
import re
import shutil
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from transflow.errors import ConfigError

PIECES = "pieces"
PAGES_FILE = "transflow-pages.json"
# What the Sphinx extension puts around the alternates (in <head>) and the switcher (in the body).
MARKS = (
    "<!--transflow:alternates-->",
    "<!--/transflow:alternates-->",
    "<!--transflow:switcher-->",
    "<!--/transflow:switcher-->",
)
_ALTERNATES = re.compile(re.escape(MARKS[0]) + ".*?" + re.escape(MARKS[1]), re.S)
_SWITCHER = re.compile(re.escape(MARKS[2]) + ".*?" + re.escape(MARKS[3]), re.S)


@dataclass(frozen=True)
class Piece:
    name: str
    version: str  # "" for the checkout itself
    lang: str  # the catalog directory's name, also the output folder's
    tag: str  # BCP 47, for hreflang and lang=
    native_name: str
    english_name: str
    format: str
    key: str
    draft: bool = False
    coverage: float | None = None
    outputs: tuple[str, ...] = ()  # relative to the output folder
    versions: tuple[str, ...] = ()  # every version of the build, newest first
    source_language: str = ""  # the project's, by tag: first in switchers and the index
    titles: dict[str, str] = dataclasses.field(default_factory=dict)  # output → its title

    def folder(self, kind: str) -> str:
        return (
            posixpath.join(kind, self.version, self.lang) if self.version else f"{kind}/{self.lang}"
        )


def _replace_first(pattern: re.Pattern[str], text: str, block: str) -> str:
    """The first match replaced by ``block`` taken literally (a backslash in a page name stays)."""
    m = pattern.search(text)
    return text[: m.start()] + block + text[m.end() :] if m else text


def piece_path(out: Path, name: str) -> Path:
    return out / PIECES / f"{name}.json"


def write_piece(out: Path, piece: Piece) -> None:
    from transflow.files import write_if_changed

    data = dataclasses.asdict(piece)
    write_if_changed(piece_path(out, piece.name), json.dumps(data, ensure_ascii=False, indent=1))


def read_pieces(out: Path) -> list[Piece]:
    pieces = []
    for path in sorted((out / PIECES).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            data["outputs"] = tuple(data.get("outputs", ()))
            data["versions"] = tuple(data.get("versions", ()))
            pieces.append(Piece(**data))
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"not a transflow piece record: {exc}", path) from None
    return pieces


@dataclass
class Edition:
    """One version × language of the HTML site."""

    piece: Piece
    folder: str  # html/[<version>/]<lang>
    root_doc: str
    suffix: str
    labels: dict[str, str]
    pages: dict[str, float | None]

    def href(self, page: str) -> str:
        return f"{self.folder}/{page}{self.suffix}"


def _editions(out: Path, pieces: list[Piece]) -> list[Edition]:
    editions = []
    for piece in pieces:
        if piece.format != "html":
            continue
        folder = piece.folder("html")
        pages_file = out / folder / PAGES_FILE
        if not pages_file.is_file():
            raise ConfigError(
                f"piece {piece.name}: {PAGES_FILE} missing (built without transflow?)", pages_file
            )
        data = json.loads(pages_file.read_text(encoding="utf-8"))
        editions.append(
            Edition(piece, folder, data["root_doc"], data["suffix"], data["labels"], data["pages"])
        )
    return editions


def _versions(pieces: list[Piece]) -> list[str]:
    """The site's versions, newest first: as the build listed them, then any other by name."""
    order: list[str] = []
    for p in pieces:
        order += [v for v in p.versions if v not in order]
    found = {p.version for p in pieces}
    if "" in found and len(found) > 1:
        raise ConfigError(
            "pieces of the checkout and of versions (--versions) cannot share one site: "
            "build the checkout as a version too"
        )
    return [v for v in order if v in found] + sorted(found - set(order))


def _rel(from_file: str, to_file: str) -> str:
    """The link from the page ``from_file`` to ``to_file`` (both site paths), as
    ``posixpath.relpath`` gives it; by a common-prefix count, since relpath's normalising of
    both paths made it half of the switchers' time (68 languages × 9 pages × 68 links)."""
    both = f"/{from_file}/{to_file}"
    if "/." in both or "//" in both or both.endswith("/"):  # ".", "..", "": relpath's work
        return posixpath.relpath(to_file, posixpath.dirname(from_file))
    base, target = from_file.split("/")[:-1], to_file.split("/")
    common = 0
    for a, b in zip(base, target, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:]) or "."


def _lang_order(source_tag: str):
    return lambda e: (e.piece.tag != source_tag, e.piece.lang)


def switcher(
    page: str,
    here: Edition,
    editions: list[Edition],
    versions: list[str],
    source_tag: str,
    templates: tuple[Path, ...] = (),
) -> str:
    """The language and version switchers of ``page`` in ``here``
    (``templates/transflow-switcher.html``)."""
    from transflow import pages

    me = here.href(page)
    labels = here.labels

    def item(ed: Edition, text: str) -> dict[str, object]:
        found = {"tag": ed.piece.tag, "name": text, "current": ed is here}
        if page in ed.pages:
            pct = ed.pages[page]
            return found | {
                "href": _rel(me, ed.href(page)),
                "note_class": "transflow-coverage",
                "note": "" if pct is None else _percent(pct),
            }
        return found | {
            "href": _rel(me, ed.href(ed.root_doc)),
            "note_class": "transflow-start",
            "note": f"({labels['start']})",
        }

    same_version = sorted(
        (e for e in editions if e.piece.version == here.piece.version), key=_lang_order(source_tag)
    )
    html = ""
    if len(same_version) > 1:
        items = [item(e, e.piece.native_name) for e in same_version]
        html += pages.render(
            "transflow-switcher.html",
            templates,
            label=labels["languages"],
            languages=items,
            nav_class="transflow-languages",
        )
    same_lang = {e.piece.version: e for e in editions if e.piece.lang == here.piece.lang}
    if len(same_lang) > 1:
        items = [item(same_lang[v], v) for v in versions if v in same_lang]
        html += pages.render(
            "transflow-switcher.html",
            templates,
            label=labels["versions"],
            languages=items,
            nav_class="transflow-versions",
        )
    return html


def alternates(page: str, here: Edition, editions: list[Edition], versions: list[str]) -> str:
    """``hreflang`` alternates to the editions of the same version that have ``page``, and a
    ``canonical`` link to the newest version's edition in this language where it has it."""
    me = here.href(page)
    links = [
        f'<link rel="alternate" hreflang="{e.piece.tag}" href="{escape(_rel(me, e.href(page)))}" />\n'
        for e in editions
        if e.piece.version == here.piece.version and page in e.pages
    ]
    if len(links) < 2:
        links = []
    if versions and versions[0]:
        newest = [
            e
            for e in editions
            if e.piece.version == versions[0] and e.piece.lang == here.piece.lang
        ]
        if newest and page in newest[0].pages:
            href = escape(_rel(me, newest[0].href(page)))
            links.append(f'<link rel="canonical" href="{href}" />\n')
    return "".join(links)


def _percent(value: float) -> str:
    from transflow.coverage import format_percent

    return format_percent(value)


def finish(
    out: Path, held_back: dict[str, str] | None = None, templates: tuple[Path, ...] = ()
) -> Path:
    """Write every page's switcher and alternates and the root index for the pieces in
    ``out``; returns the root index. ``templates``: the project's own templates folder, whose
    files replace transflow's of the same name."""
    from transflow.files import write_if_changed

    pieces = read_pieces(out)
    source_tag = next((p.source_language for p in pieces if p.source_language), "en")
    versions = _versions(pieces)
    editions = _editions(out, pieces)
    html_root = out / "html"
    for ed in editions:
        for page in ed.pages:
            path = out / ed.href(page)
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            links = MARKS[0] + "\n" + alternates(page, ed, editions, versions) + MARKS[1]
            menu = switcher(page, ed, editions, versions, source_tag, templates)
            new = _replace_first(_ALTERNATES, text, links)
            new = _replace_first(_SWITCHER, new, MARKS[2] + menu + MARKS[3])
            if new != text:
                write_if_changed(path, new)
    index = html_root / "index.html"
    page = root_index(pieces, editions, versions, source_tag, held_back or {}, templates)
    write_if_changed(index, page)
    from transflow import pages

    write_if_changed(html_root / pages.PAGES_CSS, pages.stylesheet())
    return index


def root_index(
    pieces: list[Piece],
    editions: list[Edition],
    versions: list[str],
    source_tag: str,
    held_back: dict[str, str],
    templates: tuple[Path, ...] = (),
) -> str:
    """``html/index.html``: per version, the languages by native name, with their coverage,
    site and PDFs (``templates/transflow-languages.html``)."""
    import transflow
    from transflow import pages

    sections = []
    for version in versions:
        langs = sorted(
            {p.lang: p for p in pieces if p.version == version}.values(),
            key=lambda p: (p.tag != source_tag, p.lang),
        )
        rows = []
        for lang in langs:
            site = [e for e in editions if e.piece.version == version and e.piece.lang == lang.lang]
            pdfs = [
                {
                    "href": _rel("html/index.html", o),
                    "name": p.titles.get(o) or posixpath.splitext(posixpath.basename(o))[0],
                }
                for p in pieces
                if p.version == version and p.lang == lang.lang and p.format == "pdf"
                for o in p.outputs
            ]
            pct = lang.coverage
            rows.append(
                {
                    "tag": lang.tag,
                    "native_name": lang.native_name,
                    "english_name": lang.english_name,
                    "percent": pct,
                    "display": None if pct is None else _percent(pct),
                    "draft": lang.draft,
                    "html": _rel("html/index.html", site[0].href(site[0].root_doc))
                    if site
                    else None,
                    "pdfs": pdfs,
                }
            )
        sections.append({"name": version, "languages": rows})
    built = {p.tag for p in pieces} | {f"{p.tag} ({p.version})" for p in pieces}
    return pages.render(
        "transflow-languages.html",
        templates,
        title="Versions and languages" if any(versions) else "Languages",
        source_tag=source_tag,
        versions=sections,
        languages=sections[0]["languages"] if sections else [],
        held_back=[(tag, why) for tag, why in held_back.items() if tag not in built],
        css=pages.PAGES_CSS,
        generator=f"transflow {transflow.__version__}",
    )


def merge(folders: list[Path], site: Path) -> list[Piece]:
    """Copy the pieces in ``folders`` (each a ``transflow build --target`` output) into
    ``site``. The same piece twice is an error unless both were built under the same key."""
    seen: dict[str, tuple[Piece, Path]] = {}
    for folder in folders:
        pieces = read_pieces(folder)
        if not pieces:
            raise ConfigError("no pieces here (expected the --output of 'transflow build')", folder)
        for piece in pieces:
            if piece.name in seen and seen[piece.name][0].key != piece.key:
                raise ConfigError(
                    f"piece {piece.name} is also in {seen[piece.name][1]}, built "
                    "from other inputs (another key)",
                    folder,
                )
            seen[piece.name] = (piece, folder)
    for piece, folder in seen.values():
        parts = [piece.folder("html")] if piece.format == "html" else list(piece.outputs)
        for part in parts:
            src, dest = folder / part, site / part
            if src.is_dir():
                shutil.copytree(src, dest, dirs_exist_ok=True)
            elif src.is_file():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest)
            else:
                raise ConfigError(f"piece {piece.name}: {part} is missing", folder)
        write_piece(site, piece)
    return [p for p, _ in seen.values()]


def write_entry(site: Path) -> None:
    """``SITE/index.html``: a static host serves the folder's top; the site starts in html/."""
    from transflow.files import write_if_changed

    write_if_changed(
        site / "index.html",
        '<!DOCTYPE html>\n<meta charset="utf-8">\n'
        '<meta http-equiv="refresh" content="0; url=html/index.html">\n'
        '<title>Documentation</title><a href="html/index.html">html/index.html</a>\n',
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in ("href", "src") and not (tag == "a" and name == "src"):
                self.links.append(value)


def broken_links(site: Path) -> list[tuple[Path, str]]:
    """Every relative link of the site's HTML pages whose target file does not exist."""
    broken = []
    for folder, _dirs, names in os.walk(site):
        for name in names:
            if not name.endswith(".html"):
                continue
            path = Path(folder) / name
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            for link in parser.links:
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                target = (path.parent / unquote(parts.path)).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if not target.exists():
                    broken.append((path, link))
    return broken
