"""Burmese full-text search for Sphinx, which has none.

Burmese is written without spaces between words, and Sphinx's default splitter (``\\w+``) cuts
words at every vowel sign, so its index holds fragments no query can match. We split Myanmar
text into syllables, in Python for the index and in JavaScript for the query, with the same
rule; a query then finds the pages holding all its syllables. The rule: a syllable starts at a
consonant (or independent vowel) unless that consonant is killed by asat or stacked by virama
(lookahead ``(?!\\u1037?[\\u103a\\u1039])``) or follows a virama.
"""

from __future__ import annotations

import re
from typing import ClassVar

from sphinx.search import SearchLanguage

_MYANMAR = "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff"
_START = "\u1000-\u102a\u103f\u104c-\u104f"
# Syllable boundaries inside a Myanmar run; digits and the section marks stand alone.
_BREAK = re.compile(
    rf"(?<!\u1039)(?=[{_START}](?!\u1037?[\u103a\u1039]))|(?<![\u1040-\u1049])(?=[\u1040-\u1049])"
)
_RUNS = re.compile(rf"[{_MYANMAR}]+|\w+")
_PUNCTUATION = re.compile(r"[\u104a\u104b]")


def syllables(text: str) -> list[str]:
    """Split text into Myanmar syllables and other words; punctuation is dropped."""
    words = []
    for run in _RUNS.findall(_PUNCTUATION.sub(" ", text)):
        if "\u1000" <= run[0] <= "\u109f" or "\uaa60" <= run[0] <= "\ua9ff":
            words.extend(s for s in _BREAK.split(run) if s)
        else:
            words.append(run)
    return words


_JS_SPLITTER = r"""
const _myBreak = /(?<!\u1039)(?=[\u1000-\u102a\u103f\u104c-\u104f](?!\u1037?[\u103a\u1039]))|(?<![\u1040-\u1049])(?=[\u1040-\u1049])/u;
function splitQuery(query) {
  const out = [];
  const runs = query.replace(/[\u104a\u104b]/gu, " ").match(/[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]+|[\p{L}\p{N}_]+/gu) || [];
  for (const run of runs) {
    if (/^[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]/u.test(run)) {
      for (const s of run.split(_myBreak)) if (s) out.push(s);
    } else {
      out.push(run);
    }
  }
  return out;
}
"""


class SearchBurmese(SearchLanguage):
    lang = "my"
    language_name = "Burmese"
    js_splitter_code = _JS_SPLITTER
    js_stemmer_code = """
function Stemmer() {
  this.stemWord = function (w) { return w; };
}
"""
    stopwords: ClassVar[set[str]] = set()

    def split(self, input: str) -> list[str]:
        return syllables(input)

    def word_filter(self, word: str) -> bool:
        return bool(word) and not word.isdigit()

    def stem(self, word: str) -> str:
        return word
