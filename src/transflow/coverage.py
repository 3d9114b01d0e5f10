"""The one definition of translation coverage, used by every command, report, badge and banner.

The rule, everywhere transflow shows a number:

- Coverage is counted against the current template (``.pot``): a message counts when the
  template has it. A document without a catalog is 0 %, all its messages untranslated. Catalog
  entries the template no longer has (obsolete, or stale until ``transflow update`` runs) never
  count; obsolete entries are listed. With no template at all (a bare catalog tree), the
  catalog's own live entries count.
- A message is *translated* as GNU ``msgfmt`` decides: not fuzzy and its (first) ``msgstr`` is
  not empty. A plural message needs only ``msgstr[0]``, exactly as ``msgfmt --statistics``
  counts; the lint step reports missing plural forms. *Fuzzy* is a fuzzy message with text, and
  never translated; a fuzzy message with an empty ``msgstr`` is untranslated. The header
  (``msgid ""`` without context) is not a message.
- *Words* are words of the English source: ``msgid.split()`` plus ``msgid_plural.split()``
  (both forms count, as a translator writes both). Words of translations are not counted: a
  Japanese or Burmese sentence has no spaces to count.
- Percent is ``100 × translated / total`` (messages or words); a document with nothing to
  translate is complete. Shown everywhere through :func:`format_percent`, which rounds *down*:
  "100 %" means complete, "99 %" may be 99.97.

Reading: coverage needs only each message's key and state and its source words; the PO layer's
counting pass (:mod:`transflow.pofile.scan`) gets them, and its one rule (:func:`transflow.pofile.state`)
decides what is translated.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import math
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from transflow.catalogs import CatalogRepository
from transflow.config import Config
from transflow.errors import CatalogError, TransflowError
from transflow.languages import Language
from transflow.pofile import FUZZY, TRANSLATED, Catalog, Summary, read_summary, summarize


@dataclass(frozen=True)
class Counts:
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0  # listed, never counted in total
    words: int = 0  # source words of all counted messages
    translated_words: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(_values(self), _values(other), strict=True)))

    def percent(self, by: str = "messages") -> float:
        """Translated share in percent; an empty document is complete (nothing to translate)."""
        done, total = (
            (self.translated, self.total)
            if by == "messages"
            else (self.translated_words, self.words)
        )
        return 100.0 if total == 0 else 100.0 * done / total

    def as_dict(self) -> dict[str, float | int]:
        return {
            "total": self.total,
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "untranslated": self.untranslated,
            "obsolete": self.obsolete,
            "words": self.words,
            "translated_words": self.translated_words,
            "percent_messages": round(self.percent("messages"), 2),
            "percent_words": round(self.percent("words"), 2),
        }


def format_percent(value: float) -> str:
    """How every output shows a percentage: rounded down, so "100 %" only when complete."""
    return f"{math.floor(value)} %"


def _values(c: Counts) -> tuple[int, ...]:
    return (c.total, c.translated, c.fuzzy, c.untranslated, c.obsolete, c.words, c.translated_words)


# ---------------------------------------------------------------------------------------------
# Counting


def _summary(catalog: Catalog | Summary | None) -> Summary | None:
    return summarize(catalog) if isinstance(catalog, Catalog) else catalog


def count(template: Catalog | Summary | None, catalog: Catalog | Summary | None) -> Counts:
    """Counts of ``catalog`` against ``template``; with no template, the catalog as it is."""
    tpl, cat = _summary(template), _summary(catalog)
    have = cat.messages if cat is not None else {}
    source = tpl if tpl is not None else cat
    sources = source.messages if source is not None else {}
    total = len(sources)
    rest = [key for key in sources if have.get(key) != TRANSLATED]  # fuzzy, empty or missing
    fuzzy = sum(have.get(key) == FUZZY for key in rest)
    translated = total - len(rest)
    words = source.words() if source is not None else 0
    translated_words = words - source.words(rest) if source is not None else 0
    return Counts(
        total=total,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=total - translated - fuzzy,
        obsolete=cat.obsolete if cat is not None else 0,
        words=words,
        translated_words=translated_words,
    )


@dataclass(frozen=True)
class DocumentCoverage:
    lang: Language
    domain: str
    counts: Counts
    po_path: Path | None  # None: no catalog yet
    stale: bool = False  # the catalog misses template messages or has ones it no longer has
    translator: str | None = None  # the catalog's Last-Translator, as written there
    revised: str | None = None  # its PO-Revision-Date


@dataclass(frozen=True)
class LanguageCoverage:
    lang: Language
    documents: tuple[DocumentCoverage, ...]

    @functools.cached_property  # summed once: tables, JSON and the gate each ask for it
    def counts(self) -> Counts:
        return sum((d.counts for d in self.documents), Counts())

    def document(self, domain: str) -> DocumentCoverage | None:
        return next((d for d in self.documents if d.domain == domain), None)

    @property
    def stale(self) -> tuple[DocumentCoverage, ...]:
        return tuple(d for d in self.documents if d.stale)


def _template(repo: CatalogRepository, domain: str) -> Summary | None:
    if repo.pot_dir is None:
        return None
    path = repo.pot_path(domain)
    return read_summary(path) if path.is_file() else None


def measure_document(
    repo: CatalogRepository,
    lang: Language,
    domain: str,
    template: Catalog | Summary | None = None,
) -> DocumentCoverage:
    """Coverage of one language's catalog of one document, against its template if any."""
    tpl = _summary(template) if template is not None else _template(repo, domain)
    po = repo.po_path(lang, domain)
    return _document(lang, domain, tpl, po, read_summary(po) if po.is_file() else None)


def _document(
    lang: Language, domain: str, tpl: Summary | None, po: Path, catalog: Summary | None
) -> DocumentCoverage:
    counts = count(tpl, catalog)
    stale = False
    if tpl is not None and catalog is not None:
        stale = catalog.messages.keys() != tpl.messages.keys()
    meta = catalog.metadata if catalog is not None else {}
    return DocumentCoverage(
        lang,
        domain,
        counts,
        po if catalog is not None else None,
        stale,
        meta.get("Last-Translator"),
        meta.get("PO-Revision-Date"),
    )


def measure(
    config: Config,
    languages: Iterable[Language] | None = None,
    domains: Iterable[str] | None = None,
    *,
    repo: CatalogRepository | None = None,
    cache: bool = True,
) -> list[LanguageCoverage]:
    """Coverage of each language and document of the project, against its templates.

    ``repo`` overrides where catalogs and templates are (``pot_dir=None``: no templates, the
    catalogs count as they are). Every unreadable catalog is collected; one CatalogError lists
    them all, so a user fixes them in one round. A large tree is read by one process per core;
    catalogs whose bytes (and template's) were counted before, by this counting code, are not
    parsed again unless ``cache`` is false (kept where :mod:`transflow.cache` keeps things;
    translate-toolkit's ``pocount`` keeps a statistics database for the same reason).
    """
    from transflow import cache as kept

    code = kept.code_digest("coverage/1", _COUNTING)

    repo = repo if repo is not None else CatalogRepository.of(config)
    langs = list(languages) if languages is not None else list(config.languages)
    wanted = list(domains) if domains is not None else repo.domains()
    # Without templates, each language has the documents it has catalogs for.
    plan = {lang: wanted or repo.po_domains(lang) for lang in langs}
    every = list(dict.fromkeys(d for docs in plan.values() for d in docs))
    cache_path = kept.cache_file("coverage", repo.locale_dir, code) if cache else None
    known = kept.load(cache_path, code) if cache_path is not None else None
    chunks = _chunks(every, len(langs), lambda d: _bytes(repo, plan, d))
    work = [(repo, plan, chunk, known) for chunk in chunks]
    if len(chunks) > 1:
        from transflow import worker

        parts: list[_Measured] = []
        worker.run_all(lambda w: _measure_domains(*w), work, len(work), parts.append, _lost)
    else:
        parts = [_measure_domains(*w) for w in work]
    found: dict[tuple[str, str], DocumentCoverage] = {}
    errors: list[TransflowError] = []
    learned = dict(known or {})
    for done, failed, entries in parts:
        found.update(done)
        errors.extend(failed)
        learned.update(entries)
    if known is not None and learned != known:  # the counts of catalogs that still exist
        kept.save(cache_path, code, {k: v for k, v in sorted(learned.items()) if os.path.exists(k)})
    if errors:
        raise CatalogError(sorted(errors, key=lambda e: (str(e.path), e.line or 0)))
    return [LanguageCoverage(lang, tuple(found[lang.tag, d] for d in plan[lang])) for lang in langs]


# The code that counts: counts another version of it kept are not used.
_COUNTING = ("coverage.py", "pofile/model.py", "pofile/reader.py", "pofile/scan.py")
# Below this many catalogs a second process costs more than it saves (fork, pickling).
_PARALLEL_FROM = 200


def _bytes(repo: CatalogRepository, plan: dict[Language, list[str]], domain: str) -> int:
    """The size of a document's catalogs: how long counting it takes, near enough."""
    total = 0
    for lang in plan:
        with contextlib.suppress(OSError):  # no catalog: nothing to count
            total += os.stat(repo.po_path(lang, domain)).st_size
    return total


def _chunks(
    domains: list[str], languages: int, size: Callable[[str], int] | None = None
) -> list[list[str]]:
    import os
    import sys
    import threading

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if (
        sys.platform != "linux"
        or cores < 2
        or threading.active_count() > 1  # fork copies only this thread: never beside others
        or len(domains) * max(languages, 1) < _PARALLEL_FROM
    ):
        return [domains]
    n = min(cores, 8)
    if size is None:
        return [domains[i::n] for i in range(n)]
    # Largest first, each to the lightest chunk: one huge catalog (python-docs' stdtypes.po)
    # does not leave one process counting while the others wait.
    chunks: list[list[str]] = [[] for _ in range(n)]
    loads = [0] * n
    sizes = {d: size(d) for d in domains}
    for d in sorted(domains, key=sizes.__getitem__, reverse=True):
        i = loads.index(min(loads))
        chunks[i].append(d)
        loads[i] += sizes[d]
    return chunks


class _File:
    """A catalog or template read once: its digest for the cache, its summary only if needed.

    Only a regular file is read; anything else at its path (a folder, a named pipe, a link to
    a device) is no file, as ``Path.is_file`` says: a pipe would block and ``/dev/zero`` fill
    the memory. Opened without blocking and checked on the open file, so nothing can be
    swapped in between."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: bytes | None = None
        self._summary: Summary | None = None
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            if exc.errno in _ABSENT:
                return
            raise CatalogError([TransflowError(f"cannot read: {exc.strerror}", path)]) from None
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                with os.fdopen(fd, "rb", closefd=False) as f:
                    self.data = f.read()
        except OSError as exc:
            raise CatalogError([TransflowError(f"cannot read: {exc.strerror}", path)]) from None
        finally:
            os.close(fd)

    @functools.cached_property
    def digest(self) -> str:
        from transflow.cache import digest

        return digest(self.data) if self.data is not None else ""

    def summary(self) -> Summary | None:
        from transflow.pofile import summary_of

        if self._summary is None and self.data is not None:
            self._summary = summary_of(self.data, self.path)
        return self._summary


# What ``Path.is_file`` takes for "no file": nothing there, a dangling or looping link, a
# folder (where it cannot be opened) or a socket.
_ABSENT = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.EISDIR, errno.ENXIO})


# What one process counted: the documents, the errors met, the counts to keep.
_Measured = tuple[dict[tuple[str, str], "DocumentCoverage"], list[TransflowError], dict[str, list]]


def _measure_domains(
    repo: CatalogRepository,
    plan: dict[Language, list[str]],
    domains: list[str],
    known: dict[str, list] | None,
) -> _Measured:
    """Each document's template read once, then its catalog in every language that has it;
    counts come from ``known`` where the bytes match, and new ones are returned to keep
    (``known`` None: no cache, nothing hashed)."""
    found = {}
    errors: list[TransflowError] = []
    learned: dict[str, list] = {}
    wanted = {lang: set(docs) for lang, docs in plan.items()}
    for d in domains:
        misses = []
        try:
            tpl = _File(repo.pot_path(d)) if repo.pot_dir is not None else None
        except CatalogError as exc:
            errors.extend(exc.errors)
            continue
        for lang, docs in wanted.items():
            if d not in docs:
                continue
            path = repo.po_path(lang, d)
            try:
                po = _File(path)
            except CatalogError as exc:
                errors.extend(exc.errors)
                continue
            done = None
            if known is not None and str(path) in known:
                done = _from_entry(lang, d, path, known[str(path)], tpl, po)
            if done is None:
                misses.append((lang, po))
            else:
                found[lang.tag, d] = done
        if not misses:
            continue
        try:
            template = tpl.summary() if tpl is not None else None
        except CatalogError as exc:
            errors.extend(exc.errors)
            continue
        for lang, po in misses:
            try:
                done = _document(lang, d, template, po.path, po.summary())
            except CatalogError as exc:
                errors.extend(exc.errors)
                continue
            found[lang.tag, d] = done
            if known is not None and po.data is not None:
                learned[str(po.path)] = _to_entry(done, tpl, po)
    return found, errors, learned


def _lost(work: tuple[CatalogRepository, object, list[str], object], why: str) -> _Measured:
    """A counting process that ended without its counts (killed, out of memory)."""
    return {}, [TransflowError(f"counting {len(work[2])} documents failed: {why}")], {}


def _to_entry(doc: DocumentCoverage, tpl: _File | None, po: _File) -> list:
    digests = [tpl.digest if tpl is not None else "", po.digest]
    return [*digests, *_values(doc.counts), doc.stale, doc.translator, doc.revised]


def _from_entry(
    lang: Language, domain: str, path: Path, entry: object, tpl: _File | None, po: _File
) -> DocumentCoverage | None:
    """The coverage a cache entry holds, if it was counted from these very bytes."""
    if not isinstance(entry, list) or len(entry) != 12:
        return None
    if entry[:2] != [tpl.digest if tpl is not None else "", po.digest]:
        return None
    values, (stale, translator, revised) = entry[2:9], entry[9:]
    if not all(type(v) is int for v in values) or not isinstance(stale, bool):
        return None
    if not all(v is None or isinstance(v, str) for v in (translator, revised)):
        return None
    total, translated, fuzzy, untranslated, obsolete, words, translated_words = values
    counts = Counts(total, translated, fuzzy, untranslated, obsolete, words, translated_words)
    return DocumentCoverage(lang, domain, counts, path, stale, translator, revised)
