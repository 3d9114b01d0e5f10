"""Full-text search in the languages Sphinx leaves without it.

Burmese and Thai are written without spaces between words, and Sphinx's default splitter
(``\\w+``) cuts their words at every vowel sign, so its index holds fragments no query can
match (Sphinx has no splitter for either, and falls back to English). We split each into
clusters with one rule, written once and run both in Python for the index and in JavaScript
for the query; a query then finds the pages holding all its clusters.

- Burmese: syllables. A syllable starts at a consonant (or independent vowel) unless that
  consonant is killed by asat or stacked by virama (lookahead ``(?!\\u1037?[\\u103a\\u1039])``)
  or follows a virama.
- Thai: a consonant with its vowel signs and tone marks, and the leading vowel before it
  (เ แ โ ใ ไ): "ประชาธิปไตย" is ป·ระ·ชา·ธิ·ป·ไต·ย. Not words (that needs a dictionary, which
  Python and the browser do not share), but units both sides cut alike.

Digits stand alone, as in the index of any language. Japanese is different: Sphinx segments
its pages (TinySegmenter) but not the query; see :class:`SearchJapaneseQueries`. Chinese is
indexed and queried as overlapping pairs of Han characters; see :class:`SearchChineseBigrams`.
"""

from __future__ import annotations

import json
import re
from typing import ClassVar

from sphinx.search import SearchLanguage
from sphinx.search.ja import DefaultSplitter, SearchJapanese
from sphinx.search.zh import SearchChinese


class ClusterSearch(SearchLanguage):
    """A script without spaces, indexed and queried as the same clusters.

    ``script``, ``breaks`` and ``punctuation`` are regular expressions in the syntax Python's
    ``re`` and JavaScript (with the ``u`` flag) read alike, so both sides split the same way.
    """

    script: ClassVar[str]  # the characters of a run, as the body of a [...] class
    breaks: ClassVar[str]  # the cluster boundaries inside a run
    punctuation: ClassVar[str]  # marks that end a run, as a [...] class
    stopwords: frozenset[str] = frozenset()
    js_stemmer_code = """
function Stemmer() {
  this.stemWord = function (w) { return w; };
}
"""

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._runs = re.compile(rf"[{self.script}]+|\w+")
        self._first = re.compile(f"[{self.script}]")
        self._breaks = re.compile(self.breaks)
        self._punctuation = re.compile(self.punctuation)
        self.js_splitter_code = _JS_SPLITTER % {
            "runs": json.dumps(f"[{self.script}]+|[\\p{{L}}\\p{{N}}_]+"),
            "first": json.dumps(f"^[{self.script}]"),
            "breaks": json.dumps(self.breaks),
            "punctuation": json.dumps(self.punctuation),
        }

    def split(self, input: str) -> list[str]:
        words: list[str] = []
        for run in self._runs.findall(self._punctuation.sub(" ", input)):
            if self._first.match(run):
                words.extend(s for s in self._breaks.split(run) if s)
            else:
                words.append(run)
        return words

    def word_filter(self, word: str) -> bool:
        return bool(word) and not word.isdigit()

    def stem(self, word: str) -> str:
        return word


_JS_SPLITTER = r"""
function splitQuery(query) {
  const runs = new RegExp(%(runs)s, "gu");
  const first = new RegExp(%(first)s, "u");
  const breaks = new RegExp(%(breaks)s, "u");
  const out = [];
  for (const run of query.replace(new RegExp(%(punctuation)s, "gu"), " ").match(runs) || []) {
    if (first.test(run)) {
      for (const s of run.split(breaks)) if (s) out.push(s);
    } else {
      out.push(run);
    }
  }
  return out;
}
"""


class SearchBurmese(ClusterSearch):
    lang = "my"
    language_name = "Burmese"
    script = "\\u1000-\\u109f\\uaa60-\\uaa7f\\ua9e0-\\ua9ff"
    breaks = (
        "(?<!\\u1039)(?=[\\u1000-\\u102a\\u103f\\u104c-\\u104f](?!\\u1037?[\\u103a\\u1039]))"
        "|(?<![\\u1040-\\u1049])(?=[\\u1040-\\u1049])"
    )
    punctuation = "[\\u104a\\u104b]"


class SearchThai(ClusterSearch):
    lang = "th"
    language_name = "Thai"
    # Letters, vowel signs, tone marks and digits; ฯ ๆ ๏ ๚ ๛ are punctuation.
    script = "\\u0e01-\\u0e2e\\u0e30-\\u0e3a\\u0e40-\\u0e45\\u0e47-\\u0e4e\\u0e50-\\u0e59"
    breaks = (
        "(?<![\\u0e40-\\u0e44])(?=[\\u0e01-\\u0e2e])|(?=[\\u0e40-\\u0e44])"
        "|(?<![\\u0e50-\\u0e59])(?=[\\u0e50-\\u0e59])"
    )
    punctuation = "[\\u0e2f\\u0e46\\u0e4f\\u0e5a\\u0e5b]"


def _model() -> str:
    weights = {
        name: getattr(DefaultSplitter, name)
        for name in dir(DefaultSplitter)
        if name.endswith("__") and not name.startswith("__")
    }
    types = [[p.pattern, t] for p, t in DefaultSplitter.patterns_.items()]
    return json.dumps({"weights": weights, "types": types}, ensure_ascii=False, sort_keys=True)


# A line-for-line port of DefaultSplitter.split (including its use of UQ1 for p3 + c3).
_SEGMENTER = r"""
const _ja = %(model)s;
const _jaTypes = _ja.types.map(([p, t]) => [new RegExp("^" + p, "u"), t]);
function _jaType(ch) {
  for (const [re, t] of _jaTypes) if (re.test(ch)) return t;
  return "O";
}
function _jaSegment(input) {
  if (!input) return [];
  const m = _ja.weights;
  const ts = (d, k) => (typeof m[d][k] === "number" ? m[d][k] : 0);
  const chars = Array.from(input);
  const seg = ["B3", "B2", "B1", ...chars, "E1", "E2", "E3"];
  const ctype = ["O", "O", "O", ...chars.map(_jaType), "O", "O", "O"];
  const result = [];
  let word = seg[3], p1 = "U", p2 = "U", p3 = "U";
  for (let i = 4; i < seg.length - 3; i++) {
    let score = m.BIAS__;
    const [w1, w2, w3, w4, w5, w6] = seg.slice(i - 3, i + 3);
    const [c1, c2, c3, c4, c5, c6] = ctype.slice(i - 3, i + 3);
    score += ts("UP1__", p1) + ts("UP2__", p2) + ts("UP3__", p3);
    score += ts("BP1__", p1 + p2) + ts("BP2__", p2 + p3);
    score += ts("UW1__", w1) + ts("UW2__", w2) + ts("UW3__", w3);
    score += ts("UW4__", w4) + ts("UW5__", w5) + ts("UW6__", w6);
    score += ts("BW1__", w2 + w3) + ts("BW2__", w3 + w4) + ts("BW3__", w4 + w5);
    score += ts("TW1__", w1 + w2 + w3) + ts("TW2__", w2 + w3 + w4);
    score += ts("TW3__", w3 + w4 + w5) + ts("TW4__", w4 + w5 + w6);
    score += ts("UC1__", c1) + ts("UC2__", c2) + ts("UC3__", c3);
    score += ts("UC4__", c4) + ts("UC5__", c5) + ts("UC6__", c6);
    score += ts("BC1__", c2 + c3) + ts("BC2__", c3 + c4) + ts("BC3__", c4 + c5);
    score += ts("TC1__", c1 + c2 + c3) + ts("TC2__", c2 + c3 + c4);
    score += ts("TC3__", c3 + c4 + c5) + ts("TC4__", c4 + c5 + c6);
    score += ts("UQ1__", p1 + c1) + ts("UQ2__", p2 + c2) + ts("UQ1__", p3 + c3);
    score += ts("BQ1__", p2 + c2 + c3) + ts("BQ2__", p2 + c3 + c4);
    score += ts("BQ3__", p3 + c2 + c3) + ts("BQ4__", p3 + c3 + c4);
    score += ts("TQ1__", p2 + c1 + c2 + c3) + ts("TQ2__", p2 + c2 + c3 + c4);
    score += ts("TQ3__", p3 + c1 + c2 + c3) + ts("TQ4__", p3 + c2 + c3 + c4);
    let p = "O";
    if (score > 0) {
      result.push(word.trim());
      word = "";
      p = "B";
    }
    p1 = p2;
    p2 = p3;
    p3 = p;
    word += seg[i];
  }
  result.push(word.trim());
  return result;
}
function splitQuery(query) {
  const words = _jaSegment(query).filter((w) => w);
  const indexed = words.filter((w) => Array.from(w).length > 1);
  return indexed.length ? indexed : words;
}
"""


class SearchJapaneseQueries(SearchJapanese):
    """Japanese queries segmented the way Sphinx segmented the pages.

    Sphinx indexes Japanese with TinySegmenter but splits the query with ``\\W+``, so
    "軍事政権の正統性", typed without spaces as Japanese is, stays one term no page holds. The
    browser gets the same segmenter, built from Sphinx's own model so the two cannot drift, and
    keeps only the segments the index keeps (more than one character). With MeCab or Janome as
    the index's splitter (``html_search_options['type']``) no JavaScript segmenter matches
    theirs, and Sphinx's behaviour is left as it is.
    """

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        if type(self.splitter) is DefaultSplitter:
            self.js_splitter_code = _SEGMENTER % {"model": _model()}


# Han ideographs: the unified block, extensions A to F, compatibility ideographs, and the
# iteration and zero marks 々 〇 that stand for a character.
_HAN = (
    (0x3005, 0x3005),
    (0x3007, 0x3007),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2EBEF),
)
_HAN_PY = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _HAN)
_HAN_JS = "".join(f"\\u{{{lo:x}}}-\\u{{{hi:x}}}" for lo, hi in _HAN)

_JS_BIGRAMS = r"""
function splitQuery(query) {
  const runs = new RegExp(%(runs)s, "gu");
  const han = new RegExp(%(han)s, "u");
  const out = [];
  for (const run of query.match(runs) || []) {
    const chars = Array.from(run);
    if (!han.test(run) || chars.length === 1) out.push(run);
    else for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}
"""


class SearchChineseBigrams(SearchChinese):
    """Chinese pages and queries cut alike: into overlapping pairs of Han characters.

    Sphinx indexes Chinese with jieba's dictionary when jieba is installed, and indexes no
    Chinese at all when it is not (its fallback yields nothing, so only Latin words are found);
    either way the browser splits the query only at spaces, which Chinese does not write, so a
    word typed as a reader types it is one term the index does not hold. Pairs need no
    dictionary, so Python and JavaScript cut the same way in Traditional and Simplified text
    alike (the way Lucene's CJK analyzer indexes): "民族團結政府" is 民族·族團·團結·結政·政府, and
    a page matches when it holds every pair of the query. A lone Han character between
    punctuation stays itself. Latin words keep Sphinx's Chinese rules (English stemming). A
    project that names its own jieba dictionary (``html_search_options = {'dict': ...}``)
    keeps Sphinx's jieba index.
    """

    # Sphinx 9.0 ends language_data.js with "window.Stemmer = <language_name>Stemmer", but
    # Chinese borrows the English stemmer, whose class is EnglishStemmer: "ChineseStemmer is
    # not defined", and no Chinese search page finds anything (sphinx-doc/sphinx#14229).
    language_name = "English"

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._jieba = bool(options.get("dict")) and _has_jieba()
        if self._jieba:
            return
        self._runs = re.compile(f"[{_HAN_PY}]+|[^\\W{_HAN_PY}]+")
        self._han = re.compile(f"[{_HAN_PY}]")
        self.js_splitter_code = _JS_BIGRAMS % {
            "runs": json.dumps(f"[{_HAN_JS}]+|(?:(?![{_HAN_JS}])[\\p{{L}}\\p{{N}}_])+"),
            "han": json.dumps(f"^[{_HAN_JS}]"),
        }

    def split(self, input: str) -> list[str]:
        if self._jieba:
            return super().split(input)
        words: list[str] = []
        for run in self._runs.findall(input):
            if self._han.match(run) and len(run) > 1:
                words.extend(run[i : i + 2] for i in range(len(run) - 1))
            else:
                words.append(run)
                if self.latin1_letters.fullmatch(run):
                    self.latin_terms.add(run)  # short acronyms stay unstemmed, as in Sphinx
        return words

    def word_filter(self, stemmed_word: str) -> bool:
        return super().word_filter(stemmed_word) or bool(self._han.fullmatch(stemmed_word))


def _has_jieba() -> bool:
    import importlib.util

    return importlib.util.find_spec("jieba") is not None
