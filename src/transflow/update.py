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
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import transflow
from transflow import files, memory, pofile
from transflow.catalogs import CatalogRepository
from transflow.config import Config, UpdateSettings
from transflow.errors import CatalogError, ConfigError, TransflowError
from transflow.languages import Language
from transflow.pofile import Catalog, Entry, Style


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
    problem: files.WriteError | None = None  # why the catalog could not be written
    tm: memory.Filled | None = None  # what translation memory filled (and --drop-tm dropped)

    @property
    def changed(self) -> bool:
        filled = self.tm is not None and self.tm.changed
        return bool(
            self.created or self.added or self.fuzzied or self.obsoleted or self.purged or filled
        )


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


def _refresh_header(old: Catalog, template: Catalog, *, dated: bool) -> Entry:
    """The header as msgmerge keeps it: only POT-Creation-Date follows the template (and only
    when a message changed: a rebuilt template with the same messages is no change). Language,
    Plural-Forms and the header's fuzzy flag stay as the translators left them."""
    result = Catalog(header=old.header.copy() if old.header else None)
    created = template.metadata.get("POT-Creation-Date")
    if dated and created and old.metadata.get("POT-Creation-Date") != created:
        result.set_metadata("POT-Creation-Date", created)
    if "CHARSET" in old.metadata.get("Content-Type", ""):  # a template's placeholder
        result.set_metadata("Content-Type", "text/plain; charset=UTF-8")
    assert result.header is not None
    return result.header


def _nplurals(header: Entry, lang: Language) -> int:
    """The number of plural forms the catalog itself declares; msgfmt checks against it.

    An existing catalog keeps its translator's Plural-Forms (a wrong one is lint's business),
    so new plural messages must have as many forms as that header says, not as CLDR says.
    """
    return pofile.nplurals(Catalog(header=header).metadata.get("Plural-Forms", "")) or lang.nplurals


def _forms(entry: Entry, template: Entry, nplurals: int) -> bool:
    """Give ``entry`` the template's plural shape without losing any translated form.

    When the template adds or drops ``msgid_plural``, a translated entry becomes fuzzy, as
    msgmerge makes it: the singular translation fills every form, or the first form becomes
    the translation. Returns whether that happened.
    """
    had, wants = entry.msgid_plural is not None, template.msgid_plural is not None
    reshaped = had != wants and any(entry.strings)
    if reshaped:
        if not entry.fuzzy:
            entry.previous_msgctxt, entry.previous_msgid = entry.msgctxt, entry.msgid
            entry.previous_msgid_plural = entry.msgid_plural
        entry.set_fuzzy(True)
    entry.msgid_plural = template.msgid_plural
    if not wants:
        if had:
            entry.msgstr = entry.msgstr_plural[0] if entry.msgstr_plural else ""
        entry.msgstr_plural = []
    else:
        if not had:
            entry.msgstr_plural = [entry.msgstr] * nplurals if entry.msgstr else []
            entry.msgstr = ""
        forms = entry.msgstr_plural
        forms += [""] * (nplurals - len(forms))
        while len(forms) > nplurals and not forms[-1]:  # surplus empty forms; never a translation
            forms.pop()
    return reshaped


def _has_translation(entry: Entry) -> bool:
    return any(entry.strings)


def merge(
    template: Catalog,
    old: Catalog | None,
    lang: Language,
    domain: str,
    settings: UpdateSettings,
    *,
    dated: bool = True,
) -> tuple[Catalog, dict[str, int]]:
    """The catalog ``old`` becomes for ``template``; with counts of what happened.

    ``dated``: take POT-Creation-Date from the template (see :func:`_refresh_header`).
    """
    counts = dict(added=0, fuzzied=0, obsoleted=0, purged=0, kept=0)
    if old is None:
        header = _header(template, lang, domain)
    else:
        header = _refresh_header(old, template, dated=dated)
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
        if _forms(e, t, nplurals) and exact is not None:
            counts["kept"] -= 1
            counts["fuzzied"] += 1
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
    charset, ending = (old.charset, old.ending) if old is not None else ("UTF-8", "\n")
    merged = Catalog(entries=entries + obsolete, header=header, charset=charset, ending=ending)
    return merged, counts


def _stamp(pot: Path, po: Path) -> list[int]:
    a, b = pot.stat(), po.stat()
    return [a.st_size, a.st_mtime_ns, b.st_size, b.st_mtime_ns]


class _Cache:
    """What each catalog looked like after our last update, so an unchanged pair is skipped.

    Kept in ``<build folder>/.transflow/update-cache.json`` (a cache: deleting it only costs
    time). The update's result depends on the template, the catalog, the settings, the
    language and transflow itself; the key covers all of them.
    """

    def __init__(self, path: Path, settings: UpdateSettings, memory: dict[str, str] | None = None):
        self.path = path
        self.memory = memory or {}  # language → what its translation memory was made of
        # The code that decides the result, so that an edited checkout never reuses old results.
        code = [
            Path(__file__).stat().st_mtime_ns,
            *(p.stat().st_mtime_ns for p in sorted(Path(pofile.__file__).parent.glob("*.py"))),
        ]
        self.salt = f"{transflow.__version__}|{code}|{settings}"
        try:
            self.data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}
        self.changed = False

    def _key(self, lang: Language, pot: Path, po: Path) -> str:
        return f"{lang.code}|{lang.plural_forms}|{pot}|{po}"

    def _salt(self, code: str, memory: dict[str, str] | None = None) -> str:
        return f"{self.salt}|{(self.memory if memory is None else memory).get(code, '')}"

    def fresh(self, lang: Language, pot: Path, po: Path) -> bool:
        entry = self.data.get(self._key(lang, pot, po))
        salt = self._salt(lang.code)
        if not entry or entry[0] != salt:
            return False
        try:
            return entry == [salt, *_stamp(pot, po)]
        except FileNotFoundError:
            return False

    def record(self, lang: Language, pot: Path, po: Path) -> None:
        self.data[self._key(lang, pot, po)] = [self._salt(lang.code), *_stamp(pot, po)]
        self.changed = True

    def resalt(self, memory: dict[str, str]) -> None:
        """A language's memory as this run left it (its own writes included): the records made
        with the memory it started from stay valid."""
        for key, entry in self.data.items():
            code = key.split("|", 1)[0]
            if code in memory and entry and entry[0] == self._salt(code):
                entry[0] = self._salt(code, memory)
                self.changed = True
        self.memory = {**self.memory, **memory}

    def save(self) -> None:
        if self.changed:
            files.write_if_changed(self.path, json.dumps(self.data, indent=0, sort_keys=True))


def orphans(config: Config, languages: Iterable[Language] | None = None) -> list[Path]:
    """Catalogs whose document has no template any more: kept (translators' work), reported."""
    repo = CatalogRepository.of(config)
    domains = set(repo.domains())
    langs = list(languages) if languages is not None else list(config.languages)
    return [
        repo.po_path(lang, d) for lang in langs for d in repo.po_domains(lang) if d not in domains
    ]


@pofile.without_gc()
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
    olds: dict[tuple[str, str], tuple[Catalog, bytes] | None] = {}
    # Translation memory: revisions and files checked now, before anything is written.
    tm = memory.Memories(config, settings, olds)
    stamps = _Cache(
        config.build_dir / ".transflow" / "update-cache.json", settings, tm.fingerprint(langs)
    )
    todo = [
        (lang, d)
        for lang in langs
        for d in domains
        if not (cache and stamps.fresh(lang, repo.pot_path(d), repo.po_path(lang, d)))
    ]
    errors: list[TransflowError] = []
    templates: dict[str, Catalog] = {}
    for d in dict.fromkeys(d for _, d in todo):
        try:
            templates[d] = pofile.read(repo.pot_path(d), layout=False)
        except CatalogError as exc:
            errors.extend(exc.errors)
    for lang, d in todo:
        path = repo.po_path(lang, d)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            olds[lang.code, d] = None
            continue
        except OSError as exc:
            errors.append(TransflowError(f"cannot read: {exc.strerror}", path))
            continue
        try:
            olds[lang.code, d] = pofile.parse_bytes(data, path, require_header=True), data
        except CatalogError as exc:
            errors.extend(exc.errors)
    if errors:
        raise CatalogError(errors)  # nothing written
    tm.prepare(dict.fromkeys(lang for lang, _ in todo))  # memory errors, too, before any write
    styles = _Styles(settings, [old[0] for old in olds.values() if old is not None])
    temp_dir = None if dry_run else files.temporary_dir(config.build_dir)
    if temp_dir is not None:
        files.clean_temporary(temp_dir)
    results = []
    for lang in langs:
        for d in domains:
            path = repo.po_path(lang, d)
            if (lang.code, d) not in olds:
                results.append(DocumentUpdate(lang, d, path, False, False, 0, 0, 0, 0, 0, True))
                continue
            found = olds[lang.code, d]
            old, before = found if found is not None else (None, None)
            style = styles.of(old)
            merged, counts = merge(templates[d], old, lang, d, settings, dated=False)
            filled = tm.apply(merged, lang, path, _nplurals(merged.header or Entry(""), lang), d)
            text = pofile.dumps(merged, style)
            data = _bytes(merged, style, text)
            if old is not None and data != before:  # a message changed: the template's date too
                dated = _refresh_header(old, templates[d], dated=True)
                text = pofile.writer.replace_header(text, merged, dated, style)
                data = _bytes(merged, style, text)
            problem = None
            if dry_run:
                written = data != before
            else:
                try:
                    written = files.write_if_changed(path, data, expect=before, temp_dir=temp_dir)
                except files.WriteError as exc:
                    written, problem = False, exc
                if problem is None:
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
                    problem=problem,
                    tm=filled if tm.active else None,
                )
            )
    if not dry_run:
        if tm.active:
            stamps.resalt(tm.fingerprint(langs))
        stamps.save()
    return results


class _Styles:
    """Each catalog's layout, found only when one of its fields must be laid out anew."""

    def __init__(self, settings: UpdateSettings, catalogs: list[Catalog]):
        self.settings = settings
        self.catalogs = catalogs
        self.found: dict[int, Style | None] = {}
        self.prevailing: Style | None = None

    def detect(self, catalog: Catalog) -> Style | None:
        if id(catalog) not in self.found:
            self.found[id(catalog)] = pofile.detect_style(catalog)
        return self.found[id(catalog)]

    def of(self, catalog: Catalog | None) -> Callable[[], Style]:
        return lambda: (self.detect(catalog) if catalog is not None else None) or self.new()

    def new(self) -> Style:
        """A new catalog's layout: the configured width, else the layout most of the project's
        catalogs have (a sample of 25 decides), else GNU's (what msginit and msgmerge write)."""
        if self.settings.width is not None:
            return Style("gnu", self.settings.width)
        if self.prevailing is None:
            step = max(1, len(self.catalogs) // 25)
            found = [st for c in self.catalogs[::step] if (st := self.detect(c)) is not None]
            self.prevailing = Counter(found).most_common(1)[0][0] if found else pofile.writer.GNU
        return self.prevailing


def _bytes(catalog: Catalog, style: Callable[[], Style], text: str) -> bytes:
    """The catalog (``text``, as dumped) in its charset; one it cannot hold is written (and
    declared) as UTF-8."""
    data, charset = pofile.encode(text, catalog.charset)
    if charset != catalog.charset:
        catalog.set_metadata("Content-Type", "text/plain; charset=UTF-8")
        data = pofile.dumps(catalog, style).encode("utf-8")
    return data
