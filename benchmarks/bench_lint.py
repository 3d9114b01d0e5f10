"""transflow lint vs translate-toolkit's pofilter on the same catalogs, in one run.

Corpus 1 ("real"): made from our own correct translations (locale/ja, my, nb, th, id, with
their spelling word lists). Every benchmark
document holds MESSAGES paragraphs, each composed of 1-3 real translated messages drawn at
random (seeded), so the strings are distinct, as in a real project (no cache can replay them),
and their markup, numbers, scripts and punctuation are what our translators really wrote.
Corpus 2 ("synthetic"): benchmarks/make_corpus.py's Norwegian tree, when that script exists.

Each tool runs as its own process, once per corpus, on every catalog: ``transflow lint
--locale-dir`` over the tree, and ``pofilter --language=L`` over each language's directory (its
default set of ~48 tests; it writes the failing units to an output tree), timed by wall clock
and by the CPU time of the processes (the fair figure on a shared machine). transflow runs a
second time with the spelling check switched off, to state what spelling costs (hunspell
dictionaries through Enchant for nb, id, th; ICU segmentation for th). Prints times, the
ratio and what each reported. Usage: python benchmarks/bench_lint.py [DOCUMENTS] [MESSAGES]
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

from transflow import checks, files, pofile  # noqa: E402
from transflow.languages import resolve  # noqa: E402
from transflow.pofile import Catalog, Entry  # noqa: E402

BIN = Path(sys.executable).parent
LANGUAGES = ("ja", "my", "nb", "th", "id")
JOIN = dict.fromkeys(LANGUAGES, " ")  # markup stays clear of the next sentence
HEADER = (
    "Project-Id-Version: bench\nPOT-Creation-Date: 2024-01-01 00:00+0000\n"
    "PO-Revision-Date: 2024-01-02 00:00+0000\nLast-Translator: Bench <b@example.org>\n"
    "Language-Team: Bench\nLanguage: {lang}\nMIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
    "Plural-Forms: {plural}\n"
)
PLURAL = {
    "ja": "nplurals=1; plural=0;",
    "my": "nplurals=1; plural=0;",
    "nb": "nplurals=2; plural=(n != 1);",
    "th": "nplurals=1; plural=0;",
    "id": "nplurals=1; plural=0;",
}


def real_pairs(lang: str) -> list[tuple[str, str]]:
    """Every translated message of our own catalogs that a translator did not mark and that
    lint finds correct (the corpus is made of correct translations)."""
    language = resolve(lang)
    everything = set(checks.ALL_IDS)
    pairs = []
    for po in sorted((REPO / "locale" / lang / "LC_MESSAGES").glob("*.po")):
        catalog = pofile.read(po)
        ctx = checks.Context(language, po, catalog, REPO / "locale" / lang)
        for e in catalog.entries:
            marked = any(c.strip().startswith("transflow:") for c in e.comments)
            plain = e.translated and e.msgid_plural is None and "\n" not in e.msgid
            if plain and not marked and not any(checks.run_entry_checks(ctx, e, everything)):
                pairs.append((e.msgid, e.msgstr))
    return pairs


def make_real(root: Path, documents: int, messages: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    total = 0
    for lang in LANGUAGES:
        pairs = real_pairs(lang)
        wordlist = REPO / "locale" / lang / "wordlist.txt"
        if wordlist.exists():
            (root / lang).mkdir(parents=True, exist_ok=True)
            shutil.copy(wordlist, root / lang / wordlist.name)
        for d in range(documents):
            entries, seen = [], set()
            for m in range(messages):
                parts = rng.sample(pairs, rng.randint(1, 3))
                msgid = " ".join(p[0] for p in parts)
                if msgid in seen:
                    continue
                seen.add(msgid)
                entries.append(
                    Entry(
                        msgid=msgid,
                        msgstr=JOIN[lang].join(p[1] for p in parts),
                        occurrences=[f"../../doc{d:04d}.rst:{3 * m + 1}"],
                    )
                )
            header = Entry(msgid="", msgstr=HEADER.format(lang=lang, plural=PLURAL[lang]))
            path = root / lang / "LC_MESSAGES" / f"doc{d:04d}.po"
            files.write_if_changed(path, pofile.dumps(Catalog(entries=entries, header=header)))
            total += len(entries)
    return total


def _cpu() -> float:
    """CPU seconds used by finished child processes: on a shared machine wall time varies with
    the neighbours' load, CPU time much less."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_transflow(tree: Path, without: tuple[str, ...] = ()) -> tuple[float, float, int]:
    """One ``transflow lint`` process; ``without``: check ids switched off (in a settings file)."""
    project = tree.parent / f"{tree.name}-settings"
    project.mkdir(exist_ok=True)
    (project / "transflow.toml").write_text(f"[lint]\ndisable = {json.dumps(list(without))}\n")
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(
        [
            str(BIN / "transflow"),
            "lint",
            "-C",
            str(project),
            "--locale-dir",
            str(tree),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
    )
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    if done.returncode not in (0, 1):
        raise SystemExit(f"transflow lint failed:\n{done.stderr}")
    return elapsed, cpu, len(json.loads(done.stdout)["findings"])


def run_pofilter(tree: Path, out: Path) -> tuple[float, float, int]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)  # pofilter creates only the last directory of -o
    start, cpu = time.perf_counter(), _cpu()
    for lang_dir in sorted(p for p in tree.iterdir() if p.is_dir()):
        subprocess.run(
            [
                str(BIN / "pofilter"),
                "--progress=none",
                f"--language={lang_dir.name}",
                "-i",
                str(lang_dir),
                "-o",
                str(out / lang_dir.name),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    flagged = sum(
        len([e for e in pofile.read(po, require_header=False).entries if e.msgid])
        for po in out.rglob("*.po")
    )
    return elapsed, cpu, flagged


def compare(name: str, tree: Path, messages: int) -> float:
    files = len(list(tree.rglob("*.po")))
    tf, tf_cpu, tf_found = run_transflow(tree)
    bare, bare_cpu, bare_found = run_transflow(tree, without=("spelling",))
    pf, pf_cpu, pf_found = run_pofilter(tree, tree.parent / f"{tree.name}-pofilter")
    print(f"\n{name}: {files} catalogs, {messages} messages (wall s, CPU s)")
    print(
        f"  transflow lint      {tf:7.2f} {tf_cpu:7.2f}  {messages / tf_cpu:8.0f} msg/CPU-s"
        f"  {tf_found} findings"
    )
    print(
        f"   without spelling   {bare:7.2f} {bare_cpu:7.2f}  {messages / bare_cpu:8.0f} msg/CPU-s"
        f"  {bare_found} findings"
    )
    print(
        f"   spelling costs {tf_cpu - bare_cpu:+.2f} CPU s "
        f"({100 * (tf_cpu - bare_cpu) / bare_cpu:+.0f} %)"
    )
    print(
        f"  pofilter            {pf:7.2f} {pf_cpu:7.2f}  {messages / pf_cpu:8.0f} msg/CPU-s"
        f"  {pf_found} units flagged"
    )
    print(
        f"  ratio transflow/pofilter (CPU): {tf_cpu / pf_cpu:.2f}  (below 1: transflow is faster)"
    )
    return tf_cpu / pf_cpu


def main() -> None:
    documents = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    messages = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    work = HERE / "_corpus" / "lint"
    real = work / "real"
    total = make_real(real, documents, messages)
    ratios = [compare(f"real ({', '.join(LANGUAGES)} from our catalogs)", real, total)]
    try:
        from make_corpus import make
    except ImportError:
        make = None
    if make is not None:
        synthetic = make(work / "synthetic", documents, messages)
        tree = synthetic / "locale"
        count = sum(
            len([e for e in pofile.read(p).entries if not e.obsolete]) for p in tree.rglob("*.po")
        )
        ratios.append(compare("synthetic (make_corpus.py, nb)", tree, count))
    print(f"\nworst ratio: {max(ratios):.2f}")


if __name__ == "__main__":
    main()
