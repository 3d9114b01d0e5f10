"""One model of a language (BCP 47, via langcodes) mapped to every consumer.

Sphinx, gettext directories, the search index, Plural-Forms and people each want a different
spelling of the same language; this module is the only place that knows the mapping.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from transflow.errors import LanguageError

_TABLE = Path(__file__).with_name("language-data.json")


@functools.cache
def _table() -> dict[str, dict]:
    """The frozen answers of langcodes and Babel (see :func:`_table_source`): 2 ms to read,
    where loading langcodes' own data takes 100–200 ms."""
    return json.loads(_TABLE.read_text(encoding="utf-8"))


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
# Languages transflow's own search splitters serve (transflow.sphinx.search).
TRANSFLOW_SEARCH_LANGUAGES = frozenset(["my", "th"])
# Norwegian written standards share Sphinx's "no" (Snowball norwegian) stemmer.
_SEARCH_ALIASES = {"nb": "no", "nn": "no"}
# Script subtags map to the region names gettext and Sphinx's own catalogs use.
_SCRIPT_TO_REGION = {("zh", "Hans"): "CN", ("zh", "Hant"): "TW"}


@dataclass(frozen=True)
class Language:
    """A language of the project, as each consumer spells it."""

    tag: str  # BCP 47, for people, <html lang> and hreflang: "pt-BR", "sr-Latn", "tl"
    code: str  # the project's own name: locale directory, Sphinx `language`, gettext: "sr@latin"
    nplurals: int
    plural: str  # the C expression of Plural-Forms
    plural_source: str = "gettext"  # "gettext" (msginit's table), "cldr", or "default" (unknown)

    # Names come from the frozen table; langcodes' name data (slow to load) only for a tag it
    # does not have.
    @functools.cached_property
    def english_name(self) -> str:
        known = _table()["names"].get(self.tag)
        return known[0] if known else _display_name(self.tag, "en") or self.code

    @functools.cached_property
    def native_name(self) -> str:
        known = _table()["names"].get(self.tag)
        if known:
            return known[1]
        return _display_name(self.tag, _script_locale(self.tag)) or self.english_name

    @property
    def plural_forms(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.plural};"

    @property
    def search_language(self) -> str | None:
        """``html_search_language`` for this language: Sphinx's, or one transflow adds (Burmese,
        Thai); None when neither has one (Sphinx then searches with English rules)."""
        base = self.tag.split("-")[0]
        base = _SEARCH_ALIASES.get(base, base)
        known = base in SPHINX_SEARCH_LANGUAGES or base in TRANSFLOW_SEARCH_LANGUAGES
        return base if known else None

    @property
    def base(self) -> str:
        """The language subtag alone, standardized ("he" for a directory named "iw")."""
        return self.tag.split("-")[0]

    def __str__(self) -> str:
        return self.tag


def _script_locale(tag: str) -> str:
    """The locale whose names a tag's readers read: its language in its likely script.

    CLDR keys Chinese names by script (``zh-Hant``), so ``zh-TW`` itself finds none and comes
    out as "Chinese（Taiwan）"; ``zh-Hant`` names it 中文（台灣）."""
    import langcodes

    try:
        full = langcodes.Language.get(tag).maximize()
    except (ValueError, LookupError):
        return tag
    return langcodes.Language.make(language=full.language, script=full.script).to_tag()


def _display_name(tag: str, locale: str) -> str | None:
    import langcodes

    try:
        name = langcodes.Language.get(tag, normalize=False).display_name(locale)
    except (ValueError, LookupError):
        return None
    return None if name.startswith("Unknown language") else name


# GNU gettext's conventional rules: the table msginit (gettext 0.21) writes from, keyed as it
# looks them up (the catalog name without its @modifier, then the language). They take
# precedence over CLDR: Babel 2.19 follows CLDR, giving French, Spanish, Italian and Portuguese a
# third form for millions that no translation team uses, and a catalog's Plural-Forms must not
# change with a Babel release.
_SLAVIC_EAST = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
_GETTEXT_PLURALS: dict[str, tuple[int, str]] = {
    **dict.fromkeys(["ja", "ko", "vi"], (1, "0")),
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
# How translation teams spell rules CLDR gives as long generated expressions; a CLDR rule that
# chooses the same form for every number is written this way (Arabic as in the gettext manual).
_CONVENTIONAL_SPELLINGS = (
    (1, "0"),
    (2, "(n != 1)"),
    (2, "(n > 1)"),
    (6, "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)"),
    (2, "(n != 1 && n != 2 && n != 3 && (n%10 == 4 || n%10 == 6 || n%10 == 9))"),  # Filipino
    *dict.fromkeys(_GETTEXT_PLURALS.values()),
)
_DEFAULT_PLURAL = (2, "(n != 1)")  # a language nobody has a rule for: the source's (English)


def _gettext_rule(
    code: str, language: str, standard: str, region: str | None = None
) -> tuple[int, str] | None:
    """msginit's rule: the catalog name without modifier (``pt_BR``, also when spelt ``pt-BR``
    or ``pt_br``), then the language; ``iw`` and ``he`` are one language and get one rule."""
    regional = [f"{language}_{region}", f"{standard}_{region}"] if region else []
    for key in (code.partition("@")[0], *regional, language, standard):
        if key in _GETTEXT_PLURALS:
            return _GETTEXT_PLURALS[key]
    return None


def cldr_rule(tag: str) -> tuple[int, str] | None:
    """CLDR's plural rule for ``tag`` from Babel's locale data, for whole numbers, in the
    category order CLDR and gettext use (zero, one, two, few, many, other); None when Babel
    has no locale for the language. Not Babel's older ``PLURALS`` table, which swaps two
    Arabic forms and gives Persian one form."""
    return _cldr(tag)[0]


def _cldr_with_compact(tag: str) -> tuple[int, str] | None:
    return _cldr(tag)[1]


@functools.lru_cache(maxsize=512)
def _cldr(tag: str) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
    known = _table()["cldr"].get(tag)
    if known is not None:
        plain, compact = known
        return (tuple(plain) if plain else None), (tuple(compact) if compact else None)
    return _cldr_live(tag)


def _cldr_live(tag: str) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
    from babel import Locale, UnknownLocaleError

    parts = tag.split("-")
    for candidate in ("_".join(parts[:2]), parts[0]):
        try:
            return _cldr_rules(Locale.parse(candidate).plural_form)
        except (UnknownLocaleError, ValueError):
            continue
    return None, None


def _cldr_rules(rule) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
    """A CLDR rule as gettext writes it: without, then with, the category CLDR keeps for
    compact decimals ("1,2 M", operand ``e``: French, Spanish, Catalan "many"), which no
    translation team's catalogs have and msginit does not write."""
    from babel.plural import PluralRule, to_gettext

    rules = rule.rules
    compact = [k for k, v in rules.items() if re.search(r"\be\b", v)]
    plain = PluralRule({k: v for k, v in rules.items() if k not in compact})
    return _gettext_expression(to_gettext(plain)), _gettext_expression(to_gettext(rule))


def _gettext_expression(text: str) -> tuple[int, str] | None:
    m = re.fullmatch(r"nplurals=(\d+); plural=(.*);", text)
    if m is None:
        return None
    expr = re.sub(r"\b[ec]\b", "0", m.group(2))  # exponents are 0 for whole numbers
    if re.search(r"\b[a-mo-z]\b", expr):
        return None  # an operand gettext cannot express
    found = (int(m.group(1)), expr)
    for spelling in _CONVENTIONAL_SPELLINGS:
        if same_plural_rule(found, spelling):
            return spelling
    return found


def accepted_plurals(lang: Language) -> list[tuple[int, str]]:
    """The plural rules a catalog of ``lang`` may carry: gettext's convention and CLDR's (which
    ``pybabel init`` and Weblate write); empty when neither knows the language, so nothing can
    be called wrong."""
    rules = [] if lang.plural_source == "default" else [(lang.nplurals, lang.plural)]
    for rule in (cldr_rule(lang.tag), _cldr_with_compact(lang.tag)):
        if rule is not None and rule not in rules:
            rules.append(rule)
    return rules


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


def _suggest(code: str) -> str | None:
    """The valid tag a user most likely meant by an unknown ``code``."""
    import langcodes
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
    import difflib  # only for a code that needs a suggestion

    close = difflib.get_close_matches(guess.lower(), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


@functools.cache
def _known_names() -> dict[str, str]:
    """Lower-cased codes and English names of the languages gettext has rules for."""
    import langcodes
    from babel.messages.plurals import PLURALS

    names = {}
    for key in PLURALS:
        base = key.split("_")[0]
        names[base] = base
        names[langcodes.Language.get(base).display_name("en").lower()] = base
    return names


@dataclass(frozen=True)
class _Parts:
    """A locale name taken apart: gettext's ``ll_CC@modifier`` and BCP 47's ``ll-Scrp-CC-variant``
    both fit."""

    language: str
    script: str | None = None
    region: str | None = None
    variants: tuple[str, ...] = ()

    def tag(self, language: str | None = None) -> str:
        return "-".join(
            x for x in (language or self.language, self.script, self.region, *self.variants) if x
        )


# gettext modifiers that name a script (sr@latin, be@latin, uz@cyrillic); BCP 47 says it with a
# script subtag (sr-Latn). Other modifiers (ca@valencia) are variants.
_MODIFIER_SCRIPTS = {
    "latin": "Latn",
    "cyrillic": "Cyrl",
    "arabic": "Arab",
    "devanagari": "Deva",
    "adlam": "Adlm",
}
_SCRIPT_MODIFIERS = {v: k for k, v in _MODIFIER_SCRIPTS.items()}
# Codes CLDR aliases to another language that are still valid ISO 639 codes of their own: a
# project with both tl/ and fil/ has two languages, and <html lang="tl"> is right for tl/.
_KEEP_AS_WRITTEN = frozenset({"tl"})


def _parse(name: str) -> _Parts | None:
    base, _, modifier = name.strip().partition("@")
    pieces = re.split(r"[-_]", base)
    if not re.fullmatch(r"[A-Za-z]{2,3}", pieces[0]):
        return None
    script = region = None
    variants: list[str] = []
    for piece in pieces[1:]:
        if re.fullmatch(r"[A-Za-z]{4}", piece):
            script = piece.title()
        elif re.fullmatch(r"[A-Za-z]{2}|\d{3}", piece):
            region = piece.upper()
        elif re.fullmatch(r"[A-Za-z0-9]{4,8}", piece):
            variants.append(piece.lower())
        else:
            return None
    if modifier:
        if modifier.lower() in _MODIFIER_SCRIPTS:
            script = _MODIFIER_SCRIPTS[modifier.lower()]
        elif re.fullmatch(r"[A-Za-z0-9]{4,8}", modifier):
            variants.append(modifier.lower())
        else:
            return None
    return _Parts(pieces[0].lower(), script, region, tuple(variants))


@functools.cache
def _babel_knows(language: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _standard_tag(parts: _Parts) -> str | None:
    """The BCP 47 tag of a parsed name, or None when its language is not one we know.

    langcodes standardizes (``iw`` → ``he``, ``sh`` → ``sr-Latn``, ``mya`` → ``my``); a code
    langcodes does not yet list but CLDR has (``tok``) is taken as written.
    """
    raw = parts.tag()
    standard = _table()["standard"]
    return standard[raw] if raw in standard else _standard_tag_live(parts)


def _standard_tag_live(parts: _Parts) -> str | None:
    import langcodes

    raw = parts.tag()
    if parts.language in _KEEP_AS_WRITTEN:
        return raw if langcodes.tag_is_valid(raw) else None
    if langcodes.tag_is_valid(raw):
        return langcodes.standardize_tag(raw)
    rest = parts.tag("und")
    if _babel_knows(parts.language) and (rest == "und" or langcodes.tag_is_valid(rest)):
        return raw
    return None


def _make(code: str, tag: str, parts: _Parts) -> Language:
    standard = tag.split("-")[0]
    rule = _gettext_rule(code, parts.language, standard, parts.region)
    source = "gettext"
    if rule is None:
        rule, source = cldr_rule(tag), "cldr"
    if rule is None:
        rule, source = _DEFAULT_PLURAL, "default"
    return Language(tag=tag, code=code, nplurals=rule[0], plural=rule[1], plural_source=source)


@functools.cache
def place(directory: str) -> tuple[Language, str | None]:
    """The language of a catalog directory the project already has, named exactly as it is
    (``sr@latin``, ``tl``, ``zh_Hans``, ``nb_NO``): that name stays the directory, the Sphinx
    ``language`` and the gettext code; the rest is derived from it.

    Never an error (the directory exists and its catalogs count): a name no language fits
    comes back with defaults and a sentence saying so, for the caller to warn with.
    """
    parts = _parse(directory)
    tag = _standard_tag(parts) if parts is not None else None
    if parts is not None and tag is not None:
        return _make(directory, tag, parts), None
    known = parts is not None and _standard_tag(_Parts(parts.language)) is not None
    fallback = _Parts(parts.language) if known and parts is not None else _Parts(directory)
    lang = _make(directory, fallback.tag() if known else directory.replace("_", "-"), fallback)
    rules = f"{lang.english_name}'s rules" if known else "default rules"
    return lang, (
        f"no language is named {directory!r}; its catalogs are counted under that name, with "
        f"{rules} (Plural-Forms {lang.plural_forms!r})"
    )


@functools.cache
def resolve(code: str) -> Language:
    """A language a user typed (``--lang``, ``languages = [...]``, ``add-language``), in any
    common spelling (``pt-BR``, ``pt_br``, ``sr-Latn``, ``sr@latin``, ``bur``).

    Its gettext code is the directory spelling: ``pt_BR``, ``sr@latin``, ``zh_CN`` for
    ``zh-Hans``; a legacy code stays as typed (``tl``, ``iw``), an ISO 639-2 code with a
    two-letter equivalent becomes it (``bur`` → ``my``). Raises LanguageError naming the closest
    valid tag when the code is unknown.
    """
    parts = _parse(code)
    tag = _standard_tag(parts) if parts is not None else None
    if parts is None or tag is None:
        raise LanguageError(_unknown(code))
    standard = tag.split("-")[0]
    language = parts.language
    if len(language) == 3 and len(standard) == 2:
        language = standard  # bur, mya → my
    script, region = parts.script, parts.region
    if language == "zh" and script in ("Hans", "Hant"):  # gettext and Sphinx say zh_CN, zh_TW
        region = region or _SCRIPT_TO_REGION[language, script]
        script = None
    name = "_".join(
        x for x in (language, script if script not in _SCRIPT_MODIFIERS else None, region) if x
    )
    modifier = _SCRIPT_MODIFIERS.get(script or "") or (parts.variants[0] if parts.variants else "")
    gettext_code = f"{name}@{modifier}" if modifier else name
    return _make(gettext_code, tag, parts)


def _unknown(code: str) -> str:
    import langcodes

    message = f"unknown language {code!r}"
    suggestion = _suggest(code)
    if suggestion:
        message += (
            f"; did you mean {suggestion!r} ({langcodes.Language.get(suggestion).display_name()})?"
        )
    return message


# Locale names real projects use beyond CLDR's own identifiers: gettext modifiers, legacy and
# ISO 639-2/3 codes (L10N-FACTS), so that they too are answered from the table.
_TABLE_EXTRAS = (
    "sr@latin", "ca@valencia", "be@latin", "uz@cyrillic", "uz@latin", "sr@cyrillic",
    "tok", "kab", "ckb", "ast", "ay", "tl", "fil", "iw", "in", "ji", "no", "sh", "mo",
    "zh_CN", "zh_TW", "zh_HK", "zh_SG", "zh_Hans", "zh_Hant", "pt_BR", "pt_PT", "nb_NO",
    "bur", "mya", "jpn", "nor", "tha", "ind", "ger", "fre", "chi", "zho",
)  # fmt: skip


def _table_source() -> str:
    """The text of ``language-data.json``: every answer below computed live, for every locale
    name Babel knows and the extras above.

    Frozen so that a project's names, rules and content keys do not change with a langcodes or
    Babel release on one runner but not another, and because loading langcodes' data costs
    ``transflow stats`` more than counting a catalog tree.
    """
    from babel.localedata import locale_identifiers

    standard: dict[str, str | None] = {}
    for name in (*sorted(locale_identifiers()), *_TABLE_EXTRAS):
        parts = _parse(name)
        if parts is None:
            continue
        for p in (parts, _Parts(parts.language)):
            standard.setdefault(p.tag(), _standard_tag_live(p))
    tags = sorted({t for t in standard.values() if t is not None})
    names = {}
    for tag in tags:
        english = _display_name(tag, "en")
        native = _display_name(tag, _script_locale(tag))
        if english and native:
            names[tag] = (english, native)
    cldr = {tag: rules for tag in tags if (rules := _cldr_live(tag)) != (None, None)}
    table = {
        "about": "python -m transflow.languages > src/transflow/language-data.json",
        "standard": dict(sorted(standard.items())),
        "names": names,
        "cldr": cldr,
    }
    return json.dumps(table, ensure_ascii=False, indent=0) + "\n"


if __name__ == "__main__":
    print(_table_source(), end="")
