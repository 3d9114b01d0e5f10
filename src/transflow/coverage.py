"""The one definition of translation coverage, used by every command, report, badge and banner.

Coverage is counted against the current template (``.pot``): a message counts when the template
has it; a document without a catalog is 0 % with all its messages untranslated; catalog entries
the template no longer has (obsolete or stale) are listed but never counted. Fuzzy is never
translated. Message counts agree with ``msgfmt --statistics``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from transflow import pofile
from transflow.catalogs import CatalogRepository
from transflow.config import Config
from transflow.languages import Language
from transflow.pofile import Catalog, Entry


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
    """How every output shows a percentage: rounded down, so 100 % means complete."""
    return f"{math.floor(value)} %"


def _values(c: Counts) -> tuple[int, ...]:
    return (c.total, c.translated, c.fuzzy, c.untranslated, c.obsolete, c.words, c.translated_words)


def source_words(entry: Entry) -> int:
    """Words of the English source: the msgid, plus the msgid_plural when there is one."""
    n = len(entry.msgid.split())
    if entry.msgid_plural is not None:
        n += len(entry.msgid_plural.split())
    return n


def is_translated(entry: Entry) -> bool:
    """As ``msgfmt`` decides: not fuzzy and a non-empty first form."""
    return not entry.obsolete and not entry.fuzzy and bool(entry.strings and entry.strings[0])


def count(template: Catalog | None, catalog: Catalog | None) -> Counts:
    """Counts of ``catalog`` against ``template``; with no template, the catalog as it is."""
    by_key = {e.key: e for e in catalog.entries if not e.obsolete} if catalog else {}
    sources = template.live() if template is not None else list(by_key.values())
    total = translated = fuzzy = words = translated_words = 0
    for src in sources:
        entry = by_key.get(src.key)
        w = source_words(src)
        total += 1
        words += w
        if entry is None:
            continue
        if is_translated(entry):
            translated += 1
            translated_words += w
        elif entry.fuzzy and entry.strings and entry.strings[0]:
            fuzzy += 1
    obsolete = len(catalog.obsolete()) if catalog else 0
    return Counts(
        total=total,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=total - translated - fuzzy,
        obsolete=obsolete,
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


@dataclass(frozen=True)
class LanguageCoverage:
    lang: Language
    documents: tuple[DocumentCoverage, ...]

    @property
    def counts(self) -> Counts:
        return sum((d.counts for d in self.documents), Counts())

    def document(self, domain: str) -> DocumentCoverage | None:
        return next((d for d in self.documents if d.domain == domain), None)


def measure_document(repo: CatalogRepository, lang: Language, domain: str,
                     template: Catalog | None = None) -> DocumentCoverage:  # fmt: skip
    if template is None and repo.pot_dir is not None and repo.pot_path(domain).is_file():
        template = pofile.read(repo.pot_path(domain))
    po = repo.po_path(lang, domain)
    catalog = pofile.read(po) if po.is_file() else None
    counts = count(template, catalog)
    stale = False
    if template is not None and catalog is not None:
        live = {e.key for e in catalog.entries if not e.obsolete}
        stale = live != {e.key for e in template.live()}
    return DocumentCoverage(lang, domain, counts, po if catalog else None, stale)


def measure(
    config: Config,
    languages: Iterable[Language] | None = None,
    domains: Iterable[str] | None = None,
) -> list[LanguageCoverage]:
    """Coverage of each language and document of the project, against its templates."""
    repo = CatalogRepository.of(config)
    langs = list(languages) if languages is not None else list(config.languages)
    wanted = list(domains) if domains is not None else repo.domains()
    templates = {d: pofile.read(repo.pot_path(d)) for d in wanted if repo.pot_path(d).is_file()}
    result = []
    for lang in langs:
        docs = wanted or repo.po_domains(lang)  # no templates: the catalogs as they are
        result.append(
            LanguageCoverage(
                lang, tuple(measure_document(repo, lang, d, templates.get(d)) for d in docs)
            )
        )
    return result
