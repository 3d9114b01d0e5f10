"""One model of a language (BCP 47, via langcodes) mapped to every consumer.

Sphinx, gettext directories, the search index, Plural-Forms and people each want a different
spelling of the same language; this module is the only place that knows the mapping.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

import langcodes

from transflow.errors import LanguageError

# Languages Sphinx ships a search stemmer/splitter for (sphinx.search.languages).
SPHINX_SEARCH_LANGUAGES = frozenset(
    [
        "da",
        "de",
        "en",
        "es",
        "fi",
        "fr",
        "hu",
        "it",
        "ja",
        "nl",
        "no",
        "pt",
        "ro",
        "ru",
        "sv",
        "tr",
        "zh",
    ]
)
# Languages transflow's own search splitters serve (transflow.search).
TRANSFLOW_SEARCH_LANGUAGES = frozenset(["my", "th"])
# Norwegian written standards share Sphinx's "no" (Snowball norwegian) stemmer.
_SEARCH_ALIASES = {"nb": "no", "nn": "no"}
# Script subtags map to the region names gettext and Sphinx's own catalogs use.
_SCRIPT_TO_REGION = {("zh", "Hans"): "CN", ("zh", "Hant"): "TW"}


@dataclass(frozen=True)
class Language:
    """A language of the project, as each consumer spells it."""

    tag: str  # BCP 47, the name people and langcodes use: "pt-BR", "nb", "zh-Hans"
    code: str  # gettext/Sphinx: the `language` value and the locale directory: "pt_BR"
    nplurals: int
    plural: str  # the C expression of Plural-Forms

    # Names need langcodes' name data, which is slow to load: only when someone asks.
    @functools.cached_property
    def english_name(self) -> str:
        return langcodes.Language.get(self.tag).display_name("en")

    @functools.cached_property
    def native_name(self) -> str:
        return langcodes.Language.get(self.tag).display_name(self.tag)

    @property
    def plural_forms(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.plural};"

    @property
    def search_language(self) -> str | None:
        """``html_search_language`` for this language: Sphinx's, or one transflow adds (Burmese,
        Thai); None when neither has one (Sphinx then searches with English rules)."""
        base = self.code.split("_")[0]
        base = _SEARCH_ALIASES.get(base, base)
        known = base in SPHINX_SEARCH_LANGUAGES or base in TRANSFLOW_SEARCH_LANGUAGES
        return base if known else None

    @property
    def base(self) -> str:
        return self.code.split("_")[0]

    def __str__(self) -> str:
        return self.tag


# GNU gettext's conventional rules (the manual's "Plural forms" table, which msginit uses).
# They take precedence: Babel 2.19 replaced its table with CLDR's, giving French, Spanish,
# Italian and Portuguese a third form for millions that no translation team uses, and a
# catalog's Plural-Forms must not change with a Babel release.
_SLAVIC_EAST = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
_GETTEXT_PLURALS: dict[str, tuple[int, str]] = {
    **dict.fromkeys(["ja", "ko", "vi", "zh"], (1, "0")),
    **dict.fromkeys(
        [
            "en",
            "de",
            "nl",
            "sv",
            "da",
            "no",
            "nb",
            "nn",
            "fo",
            "es",
            "pt",
            "it",
            "bg",
            "el",
            "fi",
            "et",
            "he",
            "eo",
            "hu",
            "tr",
        ],
        (2, "(n != 1)"),
    ),
    "pt_BR": (2, "(n > 1)"),
    "fr": (2, "(n > 1)"),
    "lv": (3, "(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2)"),
    "ga": (3, "n==1 ? 0 : n==2 ? 1 : 2"),
    "ro": (3, "n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2"),
    "lt": (3, "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2)"),
    **dict.fromkeys(["ru", "uk", "be", "sr", "hr"], (3, _SLAVIC_EAST)),
    **dict.fromkeys(["cs", "sk"], (3, "(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2")),
    "pl": (3, "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"),
    "sl": (4, "(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3)"),
}


def _plural(lang: langcodes.Language, code: str) -> tuple[int, str]:
    # gettext's conventions first, then Babel's table, then CLDR's rule converted (Burmese,
    # Thai, Indonesian: gettext has no entry), as long as it only depends on n.
    for key in (code, lang.language):
        if key in _GETTEXT_PLURALS:
            return _GETTEXT_PLURALS[key]
    from babel import Locale, UnknownLocaleError
    from babel.plural import to_gettext

    table = _babel_table_rule(code, lang.language or code)
    if table is not None:
        return table
    try:
        rule = Locale.parse(code).plural_form
    except (UnknownLocaleError, ValueError):
        rule = None
    if rule is not None:
        m = re.fullmatch(r"nplurals=(\d+); plural=(.*);", to_gettext(rule))
        if m and not re.search(r"\b[a-mo-z]\b", m.group(2)):
            expr = m.group(2)
            return int(m.group(1)), "0" if expr == "(0)" else expr
    return 2, "(n != 1)"


def accepted_plurals(lang: Language) -> list[tuple[int, str]]:
    """The plural rules a catalog of ``lang`` may carry: ours (gettext's convention, or CLDR's
    where gettext has none), and the one in Babel's table, which ``pybabel init`` writes (it
    follows CLDR since Babel 2.19: three forms for French, Spanish, Italian, Portuguese)."""
    table = _babel_table_rule(lang.code, lang.base)
    return [(lang.nplurals, lang.plural), *([table] if table is not None else [])]


def _babel_table_rule(code: str, base: str) -> tuple[int, str] | None:
    from babel.messages.plurals import PLURALS

    return next((PLURALS[key] for key in (code, base) if key in PLURALS), None)


# Numbers where plural rules differ in practice: small ones, teens, hundreds, and millions.
_PLURAL_SAMPLES = (*range(0, 1001), 10**4, 10**5, 10**6, 10**6 + 1, 2 * 10**6, 10**9)


@functools.lru_cache(maxsize=256)  # every catalog of a language carries the same pair
def same_plural_rule(a: tuple[int, str], b: tuple[int, str]) -> bool:
    """Whether two Plural-Forms choose the same form for every number a text will meet.

    Compared by evaluating both (Python's ``gettext.c2py`` reads the C expression safely), so
    ``(n != 1)`` and ``n==1 ? 0 : 1`` agree. Raises ValueError for an expression that does not
    parse.
    """
    import gettext

    if a[0] != b[0]:
        return False
    fa, fb = gettext.c2py(a[1]), gettext.c2py(b[1])
    return all(fa(n) == fb(n) for n in _PLURAL_SAMPLES)


def _gettext_code(lang: langcodes.Language) -> str:
    base = lang.language or "und"  # a tag parsed by langcodes always has one
    region = lang.territory or _SCRIPT_TO_REGION.get((base, lang.script or ""))
    if base == "zh" and region:
        return f"zh_{region}"
    return f"{base}_{region}" if region else base


def _suggest(code: str) -> str | None:
    """The valid tag a user most likely meant by an unknown ``code``."""
    from babel.languages import get_official_languages

    guess = code.strip().replace("_", "-")
    # A country code used as a language ("jp", "kr", "cn", "se"): its official language.
    if len(guess) == 2:
        official = get_official_languages(guess.upper())
        if official:
            return official[0]
    try:
        return langcodes.find(guess).to_tag()  # a language name: "Burmese", "norsk"
    except LookupError:
        pass
    names = _known_names()
    close = difflib.get_close_matches(guess.lower(), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


@functools.cache
def _known_names() -> dict[str, str]:
    """Lower-cased codes and English names of the languages gettext has rules for."""
    from babel.messages.plurals import PLURALS

    names = {}
    for key in PLURALS:
        base = key.split("_")[0]
        names[base] = base
        names[langcodes.Language.get(base).display_name("en").lower()] = base
    return names


@functools.cache
def resolve(code: str) -> Language:
    """Validate ``code`` (any common spelling: ``pt_BR``, ``pt-br``, ``bur``) into a Language.

    Raises LanguageError naming the closest valid tag when the code is unknown.
    """
    try:
        tag = langcodes.standardize_tag(code.strip().replace("_", "-"))
        lang = langcodes.Language.get(tag)
    except (ValueError, LookupError):
        raise LanguageError(_unknown(code)) from None
    if not lang.language or not lang.is_valid():
        raise LanguageError(_unknown(code))
    code_ = _gettext_code(lang)
    nplurals, plural = _plural(lang, code_)
    return Language(tag=tag, code=code_, nplurals=nplurals, plural=plural)


def _unknown(code: str) -> str:
    message = f"unknown language {code!r}"
    suggestion = _suggest(code)
    if suggestion:
        message += (
            f"; did you mean {suggestion!r} ({langcodes.Language.get(suggestion).display_name()})?"
        )
    return message
