"""Translation memory: new and untranslated messages filled from translations made elsewhere.

Teams translating a versioned documentation re-translate what they translated last release,
or copy it by hand (python-docs teams run ``pomerge`` "for the lack of translation memory", and
have had to revert bad propagations). ``transflow update`` fills a message that has no
translation from, in this order of preference:

1. the language's other catalogs in the project (the current translations);
2. the catalogs of other git revisions (``--tm REV``: read with ``git ls-tree`` and ``git
   cat-file --batch``, nothing checked out);
3. the files configured in ``[tool.transflow.update] tm``: ``.po`` trees, compendia, TMX files.

An exact match (same msgctxt and msgid) is filled fuzzy unless ``tm-exact = "translated"``: a
translation made for another document or release is a suggestion until a reviewer accepts it.
A near match (rapidfuzz ratio ≥ ``tm-threshold``) is filled fuzzy with ``#| msgid`` of the
matched source, so the reviewer sees what the translation was made for. An existing
translation, fuzzy or not, is never touched.

Every filled entry carries a translator comment that GNU tools keep (``msgmerge``, ``msgcat``,
``msgattrib``)::

    # transflow: tm 3.12:library/os.po:123 92% 5e1f0c2a

naming where the translation came from (a git revision's ``REV:path``, which ``git show``
accepts, or a file relative to the project), the score, and a digest of what was filled (the
strings and the fuzzy flag). The digest is what makes ``--drop-tm SOURCE`` safe: an entry still
exactly as filled goes back to untranslated; one a translator has edited or accepted since keeps
its translation and is reported, never dropped silently.

Near matches are found through an index: the memory's source strings by word; a query's rarest
words pick the candidates (those sharing the most of them), which rapidfuzz then scores
exactly. A linear scan of 50 000 memory strings per new message is what makes ``msgmerge -C``
and ``pot2po --tm`` take minutes on a python-docs tree.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import math
import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from transflow import pofile
from transflow.catalogs import CatalogRepository
from transflow.config import Config, UpdateSettings
from transflow.errors import CatalogError, ConfigError, LanguageError
from transflow.languages import Language, resolve
from transflow.pofile import Catalog, Entry

logger = logging.getLogger(__name__)

MARK = "transflow: tm"
PROVENANCE = re.compile(
    r"^\s*transflow:\s*tm\s+(?P<where>.+):(?P<line>\d+)\s+(?P<score>\d+)%"
    r"(?:\s+(?P<digest>[0-9a-f]{8}))?\s*$"
)
_WORD = re.compile(r"\w+")
# Candidates scored exactly per query, and how many index postings one query may read: the
# query's two rarest words are always read, more only while they stay under the budget.
_CANDIDATES = 40
_POSTINGS_BUDGET = 3000
_SHORT = 60  # characters: a query this short is scored against every string of a fitting length
_SCAN = 2500  # ... and so is one with no more strings of a fitting length than this


@dataclass(frozen=True, slots=True)
class Unit:
    """One translation in memory."""

    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    strings: tuple[str, ...]
    source: str  # the source's name, as --drop-tm takes it
    where: str  # the file: "3.12:library/os.po", "memory/old.tmx", "locale/nb/LC_MESSAGES/a.po"
    line: int
    catalog: str = ""  # a project catalog's path: never memory for itself
    document: str = ""  # the document it translates ("library/os"), when the source says


@dataclass(frozen=True)
class Provenance:
    where: str
    line: int
    score: int
    digest: str | None


def provenance(entry: Entry) -> Provenance | None:
    """Where a filled entry's translation came from (its ``# transflow: tm`` comment)."""
    for c in entry.comments:
        m = PROVENANCE.match(c)
        if m:
            return Provenance(m["where"], int(m["line"]), int(m["score"]), m["digest"])
    return None


def digest(entry: Entry) -> str:
    """What was filled: the translation's forms and whether it is fuzzy."""
    text = ("F" if entry.fuzzy else "T") + "\0".join(entry.strings)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def as_filled(entry: Entry, found: Provenance) -> bool:
    """The entry is exactly as memory filled it: nobody edited or accepted it since."""
    return found.digest is not None and found.digest == digest(entry) and any(entry.strings)


def from_source(where: str, source: str) -> bool:
    """Whether a provenance location belongs to ``source`` (a revision, a file, a folder)."""
    source = source.rstrip("/") or source
    if source == ".":  # the project's own folder (a python-docs-* tree): every file in it
        return ":" not in where
    return where == source or where.startswith((source + ":", source + "/"))


# ---------------------------------------------------------------------------------------------
# One language's memory


class Memory:
    """Every unit of one language's sources, by key for exact matches and by word for near
    ones (that index is built on the first near-match query)."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str | None, str], list[Unit]] = {}
        self.order: dict[str, int] = {}  # source name → preference (0 first)
        self._msgids: list[str] = []
        self._units: list[list[Unit]] = []
        self._postings: dict[str, list[int]] | None = None
        self._length_order: list[int] = []  # msgid numbers by length, for short queries
        self._by_length: list[str] = []
        self._lengths: list[int] = []
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def add(self, unit: Unit) -> None:
        self.order.setdefault(unit.source, len(self.order))
        self.exact.setdefault((unit.msgctxt, unit.msgid), []).append(unit)
        self._postings = None
        self.size += 1

    def add_catalog(
        self, catalog: Catalog, source: str, where: str, project: str = "", document: str = ""
    ) -> None:
        for e in catalog.entries:
            if e.obsolete or not e.msgid or not e.translated:
                continue
            self.add(
                Unit(
                    e.msgctxt,
                    e.msgid,
                    e.msgid_plural,
                    tuple(e.strings),
                    source,
                    where,
                    e.line,
                    project,
                    document,
                )
            )

    @staticmethod
    def _pick(units: Iterable[Unit], document: str) -> Unit | None:
        """The translation the same document had (another release's), else the first source's
        most common translation (ties: the first seen)."""
        units = list(units)
        if not units:
            return None
        same = [u for u in units if document and u.document == document]
        first = (same or units)[0].source
        mine = [u for u in (same or units) if u.source == first]
        counts = Counter(u.strings for u in mine)
        best = max(counts.values())
        return next(u for u in mine if counts[u.strings] == best)

    def exact_match(
        self, entry: Entry, forms: int, catalog: str, document: str = ""
    ) -> Unit | None:
        units = self.exact.get(entry.key, ())
        return self._pick(
            (
                u
                for u in units
                if _fits(u, entry, forms) and not (u.catalog and u.catalog == catalog)
            ),
            document,
        )

    def _index(self) -> dict[str, list[int]]:
        if self._postings is None:
            by_msgid: dict[str, list[Unit]] = {}
            for units in self.exact.values():
                for u in units:
                    by_msgid.setdefault(u.msgid, []).append(u)
            self._msgids = list(by_msgid)
            self._units = [
                sorted(us, key=lambda u: self.order[u.source]) for us in by_msgid.values()
            ]
            postings: dict[str, list[int]] = {}
            for i, msgid in enumerate(self._msgids):
                for word in set(_WORD.findall(msgid.lower())):
                    postings.setdefault(word, []).append(i)
            self._postings = postings
            self._length_order = sorted(
                range(len(self._msgids)), key=lambda i: len(self._msgids[i])
            )
            self._by_length = [self._msgids[i] for i in self._length_order]
            self._lengths = [len(m) for m in self._by_length]
        return self._postings

    def near_match(
        self, entry: Entry, forms: int, catalog: str, cutoff: float, document: str = ""
    ) -> tuple[Unit, float] | None:
        """The most similar memory source string scoring at least ``cutoff`` (0–100)."""
        from rapidfuzz import fuzz, process

        text = entry.msgid
        self._index()
        r = cutoff / 100
        lo = bisect.bisect_left(self._lengths, len(text) * r / (2 - r))
        hi = bisect.bisect_right(self._lengths, len(text) * (2 - r) / max(r, 1e-9))
        if len(text) <= _SHORT or hi - lo <= _SCAN:
            # Every memory string of a length that can reach the cutoff: short strings cost
            # rapidfuzz next to nothing and share too few words for the index to find them; a
            # few thousand long ones cost less than the index's bookkeeping.
            window = self._by_length[lo:hi]
            found = process.extract(
                text, window, scorer=fuzz.ratio, score_cutoff=cutoff, limit=_CANDIDATES
            )
            scored = [(score, self._length_order[lo + k]) for _, score, k in found]
        else:
            scored = []
            for i in self._candidates(text):
                score = fuzz.ratio(text, self._msgids[i], score_cutoff=cutoff)
                if score:
                    scored.append((score, i))
        for score, i in sorted(scored, key=lambda s: (-s[0], s[1])):
            unit = self._pick(
                (
                    u
                    for u in self._units[i]
                    if _fits(u, entry, forms) and not (u.catalog and u.catalog == catalog)
                ),
                document,
            )
            if unit is not None:
                return unit, score
        return None

    def _candidates(self, text: str) -> list[int]:
        """The memory strings sharing most of the query's rare words. The rarest two of each
        third of the query are always read (an edit is usually local: a sentence extended at
        its end still shares its beginning), then more while under the postings budget."""
        postings = self._index()
        words = [w for w in dict.fromkeys(_WORD.findall(text.lower())) if w in postings]
        if not words:
            return []
        step = -(-len(words) // 3)
        chosen: set[str] = set()
        for k in range(0, len(words), step):
            chosen.update(sorted(words[k : k + step], key=lambda w: len(postings[w]))[:2])
        total = sum(len(postings[w]) for w in chosen)
        for w in sorted(words, key=lambda w: len(postings[w])):
            if w not in chosen:
                if total + len(postings[w]) > _POSTINGS_BUDGET:
                    break
                chosen.add(w)
                total += len(postings[w])
        counts = Counter(chain.from_iterable(postings[w] for w in chosen))
        return [i for i, _ in counts.most_common(_CANDIDATES)]


def _document(name: str) -> str:
    return name[:-3] if name.endswith(".po") else name


def _fits(unit: Unit, entry: Entry, forms: int) -> bool:
    """A translation fits a message of the same shape: singular for singular, and for a plural
    message the same plural source and as many forms as the catalog declares."""
    if entry.msgid_plural is None:
        return unit.msgid_plural is None
    return unit.msgid_plural is not None and len(unit.strings) == forms


# ---------------------------------------------------------------------------------------------
# Reading the sources


def _git(top: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(top), *args], input=stdin, capture_output=True)
    except FileNotFoundError:
        raise ConfigError("--tm REV needs git, which is not installed") from None


def git_top(root: Path) -> Path:
    done = _git(root, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise ConfigError("--tm REV needs a git repository", root)
    return Path(done.stdout.decode().strip()).resolve()


def check_revision(top: Path, rev: str) -> str:
    """The commit ``rev`` names; an error naming it when there is none."""
    done = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done.returncode != 0:
        raise ConfigError(f"--tm {rev}: no such revision in {top}")
    return done.stdout.decode().strip()


def revision_blobs(top: Path, rev: str, folder: str) -> list[tuple[str, str]]:
    """Each ``.po`` below ``folder`` (relative to ``top``) at ``rev``: its path and git blob id
    (the digest of its bytes)."""
    listed = _git(top, "ls-tree", "-r", "-z", "--full-tree", rev, "--", folder)
    if listed.returncode != 0:
        return []
    blobs = []
    for record in listed.stdout.split(b"\0"):
        meta, _, raw = record.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob" and raw.endswith(b".po"):
            blobs.append((raw.decode("utf-8", "surrogateescape"), parts[2].decode()))
    return blobs


def read_blobs(top: Path, ids: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    """The bytes of each blob, in the order asked, from one ``git cat-file --batch``."""
    ids = list(ids)
    if not ids:
        return
    done = _git(top, "cat-file", "--batch", stdin="".join(i + "\n" for i in ids).encode())
    out, pos = done.stdout, 0
    for blob in ids:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        yield blob, out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1


# What a revision's catalog gives the memory, kept by blob id between runs: reading a
# python-docs release's 465 catalogs took seconds of every ``update --tm REV``.
_MEMORY_CODE = ("memory.py", "pofile/model.py", "pofile/reader.py")
_KEPT_FACTOR = 4  # the cache holds at most this many times the blobs of the last run

_KeptUnit = tuple[str | None, str, str | None, tuple[str, ...], int]


def _units_of(catalog: Catalog) -> list[_KeptUnit]:
    return [
        (e.msgctxt, e.msgid, e.msgid_plural, tuple(e.strings), e.line)
        for e in catalog.entries
        if not e.obsolete and e.msgid and e.translated
    ]


def _valid_units(entry: object) -> list[_KeptUnit] | None:
    """A kept blob's units, if the cache file holds them in the shape they were written."""
    units = entry.get("units") if isinstance(entry, dict) else None
    if not isinstance(units, list):
        return None
    found = []
    for u in units:
        if not (isinstance(u, (list, tuple)) and len(u) == 5):
            return None
        msgctxt, msgid, plural, strings, line = u
        if not (
            isinstance(msgid, str)
            and all(x is None or isinstance(x, str) for x in (msgctxt, plural))
            and isinstance(strings, (list, tuple))
            and all(isinstance(x, str) for x in strings)
            and type(line) is int
        ):
            return None
        found.append((msgctxt, msgid, plural, tuple(strings), line))
    return found


def _lang_matches(text: str | None, lang: Language) -> bool:
    """A TMX ``xml:lang`` or a catalog's ``Language`` for ``lang``: the same language, or a
    regional variant of it either way (``es-ES`` for ``es``)."""
    if not text:
        return False
    given = text.strip().replace("_", "-").lower()
    wanted = {lang.tag.lower(), lang.code.replace("_", "-").lower()}
    if given in wanted:
        return True
    try:
        other = resolve(text.strip())
    except LanguageError:
        return False
    a, b = other.tag.lower(), lang.tag.lower()
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


class _Tmx:
    """A TMX file read with translate-toolkit (its safe XML parser): units per language."""

    def __init__(self, path: Path):
        from lxml import etree
        from translate.misc.xml_helpers import getXMLlang, getXMLspace
        from translate.storage import tmx

        try:
            with open(path, "rb") as f:
                store = tmx.tmxfile(f)
        except etree.XMLSyntaxError as exc:
            raise ConfigError(f"not a readable TMX file: {exc.msg}", path, exc.lineno) from None
        except (AssertionError, ValueError, OSError) as exc:
            raise ConfigError(f"not a readable TMX file ({exc or 'no <tmx> root'})", path) from None
        self.srclang = store.sourcelanguage
        self.units: list[tuple[int, str | None, str | None, list[tuple[str, str]]]] = []
        for unit in store.units:
            space = getXMLspace(unit.xmlelement, unit._default_xml_space)
            texts = []
            for node in unit.getlanguageNodes():
                text = unit.getNodeText(node, space)
                if text is not None:
                    texts.append((getXMLlang(node) or "", text))
            context = unit.getcontext() or None
            srclang = unit.xmlelement.get("srclang")
            self.units.append((unit.xmlelement.sourceline or 0, context, srclang, texts))

    def add_to(
        self, memory: Memory, lang: Language, source_lang: Language, name: str, where: str
    ) -> None:
        for line, context, srclang, texts in self.units:
            srclang = srclang or self.srclang
            if srclang and srclang.lower() != "*all*":
                sources = [t for code, t in texts if code.lower() == srclang.lower()]
            else:
                sources = [t for code, t in texts if _lang_matches(code, source_lang)]
            targets = [t for code, t in texts if _lang_matches(code, lang)]
            if sources and targets and sources[0] and targets[0]:
                memory.add(Unit(context, sources[0], None, (targets[0],), name, where, line))


@dataclass
class Filled:
    """What memory did to one catalog."""

    sources: dict[str, list[int]] = field(default_factory=dict)  # source → [exact, fuzzy]
    dropped: dict[str, int] = field(default_factory=dict)  # source → entries made untranslated
    edited: list[tuple[int, str]] = field(default_factory=list)  # (line, where): kept

    @property
    def exact(self) -> int:
        return sum(n for n, _ in self.sources.values())

    @property
    def fuzzy(self) -> int:
        return sum(n for _, n in self.sources.values())

    @property
    def changed(self) -> bool:
        return bool(self.sources or self.dropped)


class Memories:
    """The memory of one ``transflow update`` run: checked when it starts (a bad revision or
    file is an error before anything is written), each language's read when first needed."""

    def __init__(
        self,
        config: Config,
        settings: UpdateSettings,
        olds: dict[tuple[str, str], tuple[Catalog, bytes] | None],
    ):
        self.config = config
        self.settings = settings
        self.repo = CatalogRepository.of(config)
        self.olds = olds
        self.drop = tuple(d.rstrip("/") or d for d in settings.tm_drop)
        self.loaded: dict[str, Memory] = {}
        self._tmx: dict[Path, _Tmx] = {}
        self._po: dict[Path, Catalog] = {}
        self._kept: dict[str, object] | None = None  # the revisions' units kept by blob id
        self.top: Path | None = None
        self.commits: dict[str, str] = {}
        revs = [r for r in settings.tm_revs if not any(from_source(r, d) for d in self.drop)]
        if revs:
            self.top = git_top(config.root)
            self.commits = {rev: check_revision(self.top, rev) for rev in revs}
        self.paths = [p for p in settings.tm if not any(from_source(p, d) for d in self.drop)]
        for spec in self.paths:
            self._check_path(spec)

    @property
    def active(self) -> bool:
        return bool(self.settings.tm_project or self.commits or self.paths or self.drop)

    def fingerprint(self, languages: Iterable[Language]) -> dict[str, str]:
        """What each language's memory depends on beyond the catalog being updated, for the
        update cache: the revisions' commits and every memory file's size and time."""
        if not self.active:
            return {}
        found = {}
        for lang in languages:
            files: list[Path] = []
            if self.settings.tm_project:
                files += [self.repo.po_path(lang, d) for d in self.repo.po_domains(lang)]
            for spec in self.paths:
                files += self._files(spec, lang)
            stamps: list[object] = [sorted(self.commits.items())]
            for f in files:
                try:
                    st = f.stat()
                except OSError:
                    continue
                stamps.append((str(f), st.st_size, st.st_mtime_ns))
            found[lang.code] = hashlib.sha1(repr(stamps).encode()).hexdigest()[:16]
        return found

    def _resolve(self, spec: str, lang: Language | None) -> Path:
        text = spec.replace("{lang}", lang.code) if lang is not None else spec
        path = Path(text)
        return path if path.is_absolute() else self.config.root / path

    def _check_path(self, spec: str) -> None:
        langs = list(self.config.languages) if "{lang}" in spec else [None]
        found = [p for p in (self._resolve(spec, lang) for lang in langs) if p.exists()]
        if not found:
            raise ConfigError(f"update.tm: {spec}: no such file or directory", self.config.file)
        for path in found:
            if path.is_file() and path.suffix not in (".po", ".pot", ".tmx"):
                raise ConfigError("update.tm: not a .po, .pot or .tmx file", path)

    def prepare(self, languages: Iterable[Language]) -> None:
        """Read the memory of each language that has catalogs to update, so that a broken
        memory file stops the update before anything is written (and a run with nothing to
        update reads none)."""
        if self.active:
            for lang in languages:
                self.memory(lang)

    @staticmethod
    def _files_below(path: Path) -> list[Path]:
        if path.is_dir():
            return sorted(p for p in path.rglob("*") if p.suffix in (".po", ".tmx") and p.is_file())
        return [path] if path.exists() else []

    def _files(self, spec: str, lang: Language) -> list[Path]:
        return self._files_below(self._resolve(spec, lang))

    def _read(self, path: Path) -> Catalog | _Tmx:
        if path.suffix == ".tmx":
            if path not in self._tmx:
                self._tmx[path] = _Tmx(path)
            return self._tmx[path]
        if path not in self._po:
            self._po[path] = pofile.read(path, layout=False)  # CatalogError: path:line
        return self._po[path]

    def _shown(self, path: Path) -> str:
        return os.path.relpath(path, self.config.root).replace(os.sep, "/")

    def memory(self, lang: Language) -> Memory:
        if lang.code in self.loaded:
            return self.loaded[lang.code]
        memory = Memory()
        if self.settings.tm_project:
            name = self._shown(self.repo.lang_dir(lang))
            for domain in self.repo.po_domains(lang):
                path = self.repo.po_path(lang, domain)
                if any(from_source(self._shown(path), d) for d in self.drop):
                    continue
                found = self.olds.get((lang.code, domain))
                if found is None:
                    try:
                        catalog = pofile.read(path, layout=False)
                    except CatalogError:
                        continue  # not one this update reads (no template): lint's business
                else:
                    catalog = found[0]
                memory.add_catalog(catalog, name, self._shown(path), str(path), domain)
        if self.top is not None:
            self._add_revisions(memory, lang)
        for spec in self.paths:
            given = "{lang}" in spec
            folder = self._resolve(spec, lang)
            for f in self._files(spec, lang):
                if any(from_source(self._shown(f), d) for d in self.drop):
                    continue
                read = self._read(f)
                if isinstance(read, _Tmx):
                    read.add_to(memory, lang, self.config.source_language, spec, self._shown(f))
                    continue
                declared = read.metadata.get("Language")
                if given or not declared or _lang_matches(declared, lang):
                    document = _document(f.relative_to(folder).as_posix()) if f != folder else ""
                    memory.add_catalog(read, self._shown(folder), self._shown(f), document=document)
        self.loaded[lang.code] = memory
        return memory

    def _add_revisions(self, memory: Memory, lang: Language) -> None:
        """The ``--tm`` revisions' catalogs of ``lang``; each blob parsed once, then kept."""
        from transflow import cache

        assert self.top is not None
        code = cache.code_digest("memory/1", _MEMORY_CODE)
        where_kept = cache.cache_file("memory", self.top, code)
        if self._kept is None:
            self._kept = cache.load(where_kept, code)
        kept = self._kept
        rel = os.path.relpath(self.repo.lang_dir(lang).resolve(), self.top).replace(os.sep, "/")
        listed = [
            (rev, name, blob)
            for rev in self.commits
            for name, blob in revision_blobs(self.top, rev, rel)
        ]
        found: dict[str, list[_KeptUnit] | None] = {}
        for blob in dict.fromkeys(b for _, _, b in listed):
            units = _valid_units(kept.get(blob))
            if units is not None:
                found[blob] = units
        names = {blob: (rev, name) for rev, name, blob in listed}
        new = [b for b in names if b not in found]
        for blob, data in read_blobs(self.top, new):
            rev, name = names[blob]
            try:
                catalog = pofile.parse_bytes(data, Path(f"{rev}:{name}"), layout=False)
            except CatalogError as exc:
                logger.warning("--tm %s: %s skipped (does not parse: %s)", rev, name, exc.errors[0])
                found[blob] = None
                continue
            found[blob] = _units_of(catalog)
        for rev, name, blob in listed:
            document = _document(name[len(rel) + 1 :] if rel != "." else name)
            for msgctxt, msgid, plural, strings, line in found.get(blob) or ():
                memory.add(
                    Unit(msgctxt, msgid, plural, strings, rev, f"{rev}:{name}", line, "", document)
                )
        if new:  # kept: this run's blobs last, after the most recent of the others
            mine = {b: {"units": u} for b, u in found.items() if u is not None}
            others = [(b, e) for b, e in kept.items() if b not in mine]
            room = max(0, _KEPT_FACTOR * len(mine) - len(mine))
            self._kept = {**dict(others[len(others) - room :]), **mine}
            cache.save(where_kept, code, self._kept)

    def apply(
        self, catalog: Catalog, lang: Language, path: Path, forms: int, document: str = ""
    ) -> Filled:
        """Drop what ``--drop-tm`` names, then fill the untranslated messages."""
        result = Filled()
        if self.drop:
            self._drop(catalog, result)
        # An untranslated entry that still names a source was emptied by a reviewer: not again.
        todo = [
            e
            for e in catalog.entries
            if not e.obsolete
            and e.msgid
            and pofile.state(e) == pofile.UNTRANSLATED
            and provenance(e) is None
        ]
        if not todo or not self.active:
            return result
        memory = self.memory(lang)
        if not len(memory):
            return result
        exact_fuzzy = self.settings.tm_exact != "translated"
        cutoff = self.settings.tm_threshold * 100
        me = str(path)
        for e in todo:
            unit = memory.exact_match(e, forms, me, document)
            score = 100.0
            if unit is None and self.settings.tm_threshold < 1:
                found = memory.near_match(e, forms, me, cutoff, document)
                if found is None:
                    continue
                unit, score = found
            if unit is None:
                continue
            exact = unit.msgid == e.msgid and unit.msgctxt == e.msgctxt
            if e.msgid_plural is not None:
                e.msgstr_plural = list(unit.strings)
            else:
                e.msgstr = unit.strings[0]
            if not exact:
                e.set_fuzzy(True)
                e.previous_msgctxt, e.previous_msgid = unit.msgctxt, unit.msgid
                e.previous_msgid_plural = unit.msgid_plural
            elif exact_fuzzy:
                e.set_fuzzy(True)
            shown = 100 if exact else min(99, math.floor(score))
            e.comments.append(f"{MARK} {unit.where}:{unit.line} {shown}% {digest(e)}")
            counts = result.sources.setdefault(unit.source, [0, 0])
            counts[0 if exact else 1] += 1
        return result

    def _drop(self, catalog: Catalog, result: Filled) -> None:
        for e in catalog.entries:
            if e.obsolete:
                continue
            found = provenance(e)
            if found is None:
                continue
            source = next((d for d in self.drop if from_source(found.where, d)), None)
            if source is None:
                continue
            if not as_filled(e, found):
                result.edited.append((e.msgstr_line or e.line, f"{found.where}:{found.line}"))
                continue
            e.msgstr = ""
            e.msgstr_plural = [""] * len(e.msgstr_plural)
            e.set_fuzzy(False)
            e.comments = [c for c in e.comments if not PROVENANCE.match(c)]
            result.dropped[source] = result.dropped.get(source, 0) + 1
