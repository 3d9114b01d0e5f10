"""Templates → catalogs: a msgmerge-like update that keeps every translation it can.

Differences from ``msgmerge`` (documented in the README): a new source string is fuzzy-matched
only against the messages that left the same catalog (live ones the template dropped, and
obsolete ones), not against every message — a translation of a still-current message is
already in use and offering it again for an unrelated string is noise. Matching uses rapidfuzz's
normalized Levenshtein ratio with a configurable threshold. Untranslated messages that leave the
template are dropped rather than kept as empty obsolete entries, as msgmerge does too.

Every catalog is parsed before any is written, so a broken catalog stops the update with all
its errors and nothing changes on disk. Output is a pure function of template, catalog, language
and settings, written only when its bytes differ: a second run rewrites nothing. That also lets
a stat cache skip, without reading them, the catalogs nothing has touched since the last run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import transflow
from transflow import pofile
from transflow.catalogs import CatalogRepository
from transflow.config import Config, UpdateSettings
from transflow.errors import CatalogError, ConfigError, TransflowError
from transflow.languages import Language
from transflow.pofile import Catalog, Entry

_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


@dataclass(frozen=True)
class DocumentUpdate:
    """What an update did to one catalog."""

    lang: Language
    domain: str
    path: Path
    created: bool
    written: bool  # the file was rewritten (in a dry run: would be)
    added: int  # messages new to this catalog (untranslated)
    fuzzied: int  # new messages given an old translation, marked fuzzy
    obsoleted: int  # messages that left the template, kept as #~
    purged: int  # obsolete entries removed
    kept: int  # messages carried over unchanged in meaning
    cached: bool = False  # template and catalog unchanged since the last update: not even read

    @property
    def changed(self) -> bool:
        return bool(self.created or self.added or self.fuzzied or self.obsoleted or self.purged)


def _header(template: Catalog, lang: Language, domain: str) -> Entry:
    meta = template.metadata
    created = meta.get("POT-Creation-Date", "")
    header = Catalog()
    header.header = Entry(
        msgid="",
        comments=[
            f"{lang.english_name} ({lang.native_name}) translation of {domain!r}.",
            "This file is distributed under the same license as the "
            f"{meta.get('Project-Id-Version', 'PACKAGE').strip()} package.",
        ],
    )
    for key, value in (
        ("Project-Id-Version", meta.get("Project-Id-Version", "PACKAGE VERSION").strip()),
        ("Report-Msgid-Bugs-To", meta.get("Report-Msgid-Bugs-To", "")),
        ("POT-Creation-Date", created),
        ("PO-Revision-Date", created),
        ("Last-Translator", ""),  # nobody yet; gettext warns on its placeholder
        ("Language-Team", lang.english_name),
        ("Language", lang.code),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", lang.plural_forms),
    ):
        header.set_metadata(key, value)
    assert header.header is not None
    return header.header


def _refresh_header(old: Catalog, template: Catalog, lang: Language) -> Entry:
    result = Catalog(header=old.header.copy() if old.header else None)
    meta = old.metadata
    created = template.metadata.get("POT-Creation-Date")
    if created and meta.get("POT-Creation-Date") != created:
        result.set_metadata("POT-Creation-Date", created)
    if not meta.get("Language"):
        result.set_metadata("Language", lang.code)
    if not meta.get("Plural-Forms"):
        result.set_metadata("Plural-Forms", lang.plural_forms)
    if (
        "charset=" not in meta.get("Content-Type", "")
        or "CHARSET" in meta.get("Content-Type", "")
        or "utf-8" not in meta["Content-Type"].lower()
    ):
        result.set_metadata("Content-Type", "text/plain; charset=UTF-8")
    assert result.header is not None
    result.header.set_fuzzy(False)
    return result.header


def _nplurals(header: Entry, lang: Language) -> int:
    """The number of plural forms the catalog itself declares; msgfmt checks against it.

    An existing catalog keeps its translator's Plural-Forms (a wrong one is lint's business),
    so new plural messages must have as many forms as that header says, not as CLDR says.
    """
    m = _NPLURALS.search(Catalog(header=header).metadata.get("Plural-Forms", ""))
    return int(m.group(1)) if m and int(m.group(1)) > 0 else lang.nplurals


def _forms(entry: Entry, template: Entry, nplurals: int) -> None:
    """Give ``entry`` the template's plural shape without losing any translated form."""
    entry.msgid_plural = template.msgid_plural
    if template.msgid_plural is None:
        if entry.msgstr_plural and not entry.msgstr:
            entry.msgstr = entry.msgstr_plural[0]
        entry.msgstr_plural = []
    else:
        if not entry.msgstr_plural:
            entry.msgstr_plural = [entry.msgstr] if entry.msgstr else []
            entry.msgstr = ""
        forms = entry.msgstr_plural
        forms += [""] * (nplurals - len(forms))
        while len(forms) > nplurals and not forms[-1]:  # surplus empty forms; never a translation
            forms.pop()


def _has_translation(entry: Entry) -> bool:
    return any(entry.strings)


def merge(
    template: Catalog,
    old: Catalog | None,
    lang: Language,
    domain: str,
    settings: UpdateSettings,
) -> tuple[Catalog, dict[str, int]]:
    """The catalog ``old`` becomes for ``template``; with counts of what happened."""
    counts = dict(added=0, fuzzied=0, obsoleted=0, purged=0, kept=0)
    if old is None:
        header = _header(template, lang, domain)
    else:
        header = _refresh_header(old, template, lang)
    nplurals = _nplurals(header, lang)
    old_live: dict[tuple[str | None, str], Entry] = {}
    old_dead: dict[tuple[str | None, str], Entry] = {}
    if old is not None:
        for e in old.entries:
            (old_dead if e.obsolete else old_live)[e.key] = e
    wanted = {t.key for t in template.live()}
    # Translations that left the catalog: candidates for fuzzy matching, then obsolete.
    leaving = [e for k, e in old_live.items() if k not in wanted and _has_translation(e)]
    candidates = [e for e in (*leaving, *old_dead.values()) if e.key not in wanted]
    choices = [e.msgid for e in candidates]
    cutoff = settings.fuzzy_threshold * 100

    entries: list[Entry] = []
    used: set[tuple[str | None, str]] = set()  # fuzzy sources live on in their successors
    for t in template.live():
        exact = old_live.get(t.key) or old_dead.get(t.key)
        if exact is not None:
            e = exact.copy()
            e.obsolete = False
            counts["kept"] += 1
        else:
            e = Entry(msgid=t.msgid, msgctxt=t.msgctxt)
            match = None
            if settings.fuzzy and choices:
                from rapidfuzz import fuzz, process  # only when there is something to match

                match = process.extractOne(t.msgid, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
            if match is not None:
                src = candidates[match[2]]
                used.add(src.key)
                e.msgstr, e.msgstr_plural = src.msgstr, list(src.msgstr_plural)
                e.comments = list(src.comments)
                e.flags = [f for f in src.flags if f != "fuzzy"]
                e.set_fuzzy(True)
                e.previous_msgctxt = src.msgctxt
                e.previous_msgid = src.msgid
                e.previous_msgid_plural = src.msgid_plural
                counts["fuzzied"] += 1
            else:
                counts["added"] += 1
        e.msgid, e.msgctxt = t.msgid, t.msgctxt
        e.occurrences = list(t.occurrences)
        e.auto_comments = list(t.auto_comments)
        for flag in t.flags:  # format flags come from the sources
            if flag != "fuzzy" and flag not in e.flags:
                e.flags.append(flag)
        if not e.fuzzy:
            e.previous_msgctxt = e.previous_msgid = e.previous_msgid_plural = None
        _forms(e, t, nplurals)
        entries.append(e)

    obsolete: list[Entry] = []
    for e in old.entries if old is not None else []:
        if e.key in wanted or (e.key in used and not e.obsolete):
            continue
        if not e.obsolete:
            if not _has_translation(e):
                continue
            counts["obsoleted"] += 1
            e = e.copy()
            e.obsolete = True
            e.occurrences = []
        if settings.purge_obsolete:
            counts["purged"] += 1 if e.key in old_dead else 0
            continue
        obsolete.append(e)
    # Entries obsoleted in earlier runs keep their place ahead of the newly obsoleted ones.
    obsolete.sort(key=lambda e: e.key not in old_dead)
    return Catalog(entries=entries + obsolete, header=header), counts


def _stamp(pot: Path, po: Path) -> list[int]:
    a, b = pot.stat(), po.stat()
    return [a.st_size, a.st_mtime_ns, b.st_size, b.st_mtime_ns]


class _Cache:
    """What each catalog looked like after our last update, so an unchanged pair is skipped.

    Kept in ``<root>/_build/.transflow/update-cache.json`` (a cache: deleting it only costs
    time). The update's result depends on the template, the catalog, the settings, the
    language and transflow itself; the key covers all of them.
    """

    def __init__(self, path: Path, settings: UpdateSettings):
        self.path = path
        # The code that decides the result, so that an edited checkout never reuses old results.
        code = [Path(__file__).stat().st_mtime_ns, Path(pofile.__file__).stat().st_mtime_ns]
        self.salt = f"{transflow.__version__}|{code}|{settings}"
        try:
            self.data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}
        self.changed = False

    def _key(self, lang: Language, pot: Path, po: Path) -> str:
        return f"{lang.code}|{lang.plural_forms}|{pot}|{po}"

    def fresh(self, lang: Language, pot: Path, po: Path) -> bool:
        entry = self.data.get(self._key(lang, pot, po))
        if not entry or entry[0] != self.salt:
            return False
        try:
            return entry == [self.salt, *_stamp(pot, po)]
        except FileNotFoundError:
            return False

    def record(self, lang: Language, pot: Path, po: Path) -> None:
        self.data[self._key(lang, pot, po)] = [self.salt, *_stamp(pot, po)]
        self.changed = True

    def save(self) -> None:
        if self.changed:
            pofile.write_if_changed(self.path, json.dumps(self.data, indent=0, sort_keys=True))


def orphans(config: Config, languages: Iterable[Language] | None = None) -> list[Path]:
    """Catalogs whose document has no template any more: kept (translators' work), reported."""
    repo = CatalogRepository.of(config)
    domains = set(repo.domains())
    langs = list(languages) if languages is not None else list(config.languages)
    return [repo.po_path(lang, d) for lang in langs for d in repo.po_domains(lang)
            if d not in domains]  # fmt: skip


def update(
    config: Config,
    languages: Iterable[Language] | None = None,
    *,
    settings: UpdateSettings | None = None,
    dry_run: bool = False,
    cache: bool = True,
) -> list[DocumentUpdate]:
    """Bring every catalog of ``languages`` up to date with the templates.

    With ``cache``, a catalog whose template and file are as our last update left them is not
    even read (``cached`` in its result): that makes a no-change re-run cost a stat per file.
    """
    settings = settings or config.update
    repo = CatalogRepository.of(config)
    langs = list(languages) if languages is not None else list(config.languages)
    domains = repo.domains()
    if not domains:
        raise ConfigError(
            "no templates (.pot) found: run 'transflow extract' first", config.pot_dir
        )
    stamps = _Cache(config.root / "_build" / ".transflow" / "update-cache.json", settings)
    todo = [(lang, d) for lang in langs for d in domains
            if not (cache and stamps.fresh(lang, repo.pot_path(d), repo.po_path(lang, d)))]  # fmt: skip
    errors: list[TransflowError] = []
    templates: dict[str, Catalog] = {}
    for d in dict.fromkeys(d for _, d in todo):
        try:
            templates[d] = pofile.read(repo.pot_path(d))
        except CatalogError as exc:
            errors.extend(exc.errors)
    olds: dict[tuple[str, str], Catalog | None] = {}
    for lang, d in todo:
        path = repo.po_path(lang, d)
        try:
            olds[lang.code, d] = pofile.read(path, require_header=True) if path.exists() else None
        except CatalogError as exc:
            errors.extend(exc.errors)
    if errors:
        raise CatalogError(errors)  # nothing written
    results = []
    for lang in langs:
        for d in domains:
            path = repo.po_path(lang, d)
            if (lang.code, d) not in olds:
                results.append(DocumentUpdate(lang, d, path, False, False, 0, 0, 0, 0, 0, True))
                continue
            old = olds[lang.code, d]
            merged, counts = merge(templates[d], old, lang, d, settings)
            text = pofile.dumps(merged, settings.width)
            if dry_run:
                written = not path.exists() or path.read_bytes() != text.encode("utf-8")
            else:
                written = pofile.write_if_changed(path, text)
            if not dry_run:
                stamps.record(lang, repo.pot_path(d), path)
            results.append(
                DocumentUpdate(
                    lang,
                    d,
                    path,
                    old is None,
                    written,
                    counts["added"],
                    counts["fuzzied"],
                    counts["obsoleted"],
                    counts["purged"],
                    counts["kept"],
                )
            )
    if not dry_run:
        stamps.save()
    return results
