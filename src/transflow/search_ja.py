"""Japanese search queries segmented the way Sphinx segments Japanese pages.

Sphinx indexes Japanese text with TinySegmenter (``sphinx.search.ja.DefaultSplitter``) but
splits the query with its default ``\\W+`` rule. Japanese is typed without spaces, so a query
such as "軍事政権の正統性" stays one term that no page holds, though each of its words is
indexed. We give the browser the same segmenter, built from Sphinx's own model so the two
cannot drift, and keep only the segments Sphinx keeps in its index (more than one character).
With MeCab or Janome as the index's splitter (``html_search_options['type']``) no JavaScript
segmenter would match theirs, and Sphinx's behaviour is left as it is.
"""

from __future__ import annotations

import json

from sphinx.search.ja import DefaultSplitter, SearchJapanese


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
    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        if type(self.splitter) is DefaultSplitter:
            self.js_splitter_code = _SEGMENTER % {"model": _model()}
