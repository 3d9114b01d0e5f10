"""Targets built in forked children of one pre-loaded process, not in fresh interpreters.

A plain ``sphinx-build`` per language pays, every time, for what does not depend on the
language: starting Python, importing Sphinx, docutils, Pygments, the theme and the project's
extensions, reading transflow's configuration (68 languages' plural rules from CLDR on
OnionShare), compiling the theme's Jinja templates and thousands of regular expressions. Here
the build process pays that once (:func:`preload`) and then ``os.fork()`` s one child per
target: each child starts with those modules and caches in memory, runs Sphinx in-process on
its own target, and exits. Nothing a build does to module state (Sphinx's translators,
docutils' registries, the project's ``conf.py`` side effects) reaches another target: the
child's memory goes with it.

A child sends its result back as a pickle through a pipe. Where ``os.fork`` does not exist, or
the process already runs other threads (forking those is unsafe: a lock held by another thread
stays held in the child), or ``TRANSFLOW_FORK=0``, :func:`run_all` runs targets on threads and
each Sphinx build in a fresh ``sphinx-build`` process, as before.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import selectors
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

# True in a forked child: Sphinx runs in this process instead of a new one.
_in_child = False
_preloaded: set[Path] = set()

# What every Sphinx build imports, whatever the project: paid once in the parent.
_MODULES = (
    "sphinx.application",
    "sphinx.cmd.build",
    "sphinx.builders.html",
    "sphinx.builders.latex",
    "sphinx.writers.html5",
    "sphinx.writers.latex",
    "sphinx.search",
    "sphinx.environment",
    "sphinx.domains.python",
    "sphinx.domains.c",
    "sphinx.domains.cpp",
    "sphinx.domains.std",
    "sphinx.ext.mathjax",
    "docutils.parsers.rst",
    "docutils.parsers.rst.directives.admonitions",
    "docutils.parsers.rst.directives.body",
    "docutils.parsers.rst.directives.images",
    "docutils.parsers.rst.directives.misc",
    "docutils.parsers.rst.directives.parts",
    "docutils.parsers.rst.directives.tables",
    "pygments.lexers",
    "pygments.formatters.html",
    "pygments.formatters.latex",
    "jinja2",
    "babel.dates",
    "snowballstemmer",
    "transflow.sphinx.extension",
    "transflow.sphinx.latex",
    "transflow.sphinx.lint",
    "transflow.sphinx.search",
    "transflow.lint",
)


# Set when a Sphinx build has run in this process outside a forked child: its module state
# (translators, lazy labels, registries) would be inherited by every child forked later and
# change their output ("Python Module Index" left untranslated), so such a process does not fork.
_sphinx_ran_here = False


def note_sphinx_run() -> None:
    global _sphinx_ran_here
    if not _in_child:
        _sphinx_ran_here = True


def forking() -> bool:
    """Whether :func:`run_all` forks: possible, wanted, and safe in this process now."""
    return (
        hasattr(os, "fork")
        and os.environ.get("TRANSFLOW_FORK", "1") != "0"
        and threading.active_count() == 1
        and not _sphinx_ran_here
    )


def in_child() -> bool:
    return _in_child


def preload(source_dir: Path) -> None:
    """Import, once, what a Sphinx build of the project in ``source_dir`` imports: Sphinx's
    builders and domains, the theme and ``conf.py``'s extensions (by name: a module that does
    not import here is left for Sphinx to report in the child), and transflow's view of the
    project (its language list, with the CLDR plural rules it looks up)."""
    if source_dir in _preloaded:
        return
    _preloaded.add(source_dir)
    for name in _MODULES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    from transflow import config as config_mod
    from transflow.errors import TransflowError

    try:
        raw = config_mod.read_conf_py(source_dir)
    except TransflowError:
        raw = {}
    names = [*raw.get("extensions", ()), raw.get("html_theme")]
    for name in names:
        if isinstance(name, str) and name:
            with contextlib.suppress(Exception):  # the project's code: Sphinx reports it
                importlib.import_module(name)
    with contextlib.suppress(Exception):
        cfg = config_mod.load(source_dir, require_sources=False)  # what sphinxext loads
        for lang in (cfg.source_language, *cfg.languages):  # cached on the shared objects
            _ = lang.english_name, lang.native_name


def sphinx_main(argv: Sequence[str], log_fd: int, cache: Path) -> int:
    """``sphinx-build argv`` in this (forked) process, its output to ``log_fd``, with transflow's
    extension loaded whether or not conf.py lists it (as build.py's ``_SPHINX_MAIN``)."""
    import sphinx.application
    from sphinx.cmd.build import main

    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(log_fd, 1)
    os.dup2(log_fd, 2)
    # Sphinx writes to sys.stdout and sys.stderr, which need not be the descriptors (pytest's
    # capture replaces them): one stream on the log for both, in the order they are written.
    log = open(log_fd, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115 - flushed below, the descriptor is the caller's
    sys.stdout = sys.stderr = log
    builtin = sphinx.application.builtin_extensions
    if "transflow" not in builtin:
        sphinx.application.builtin_extensions = (*builtin, "transflow")
    _share_templates(cache)
    _remember_stems()
    _reuse_state_machines()
    _link_static_files(cache)
    try:
        return main(list(argv))
    except SystemExit as exc:  # argparse's errors
        return exc.code if isinstance(exc.code, int) else 1
    finally:
        log.flush()


def _share_templates(cache: Path) -> None:
    """The theme's Jinja templates compiled once for all targets, not once per target: Jinja's
    own bytecode cache, on disk under ``<out>/.cache`` so that every child (and the next build)
    finds what the first compiled. Jinja checks each entry against the template's source, and
    the folder is per Sphinx and Jinja version (the compiled code depends on both)."""
    import jinja2
    import sphinx
    from jinja2 import FileSystemBytecodeCache
    from sphinx.jinja2glue import BuiltinTemplateLoader

    folder = cache / f"jinja-{sphinx.__version__}-{jinja2.__version__}"
    folder.mkdir(parents=True, exist_ok=True)
    shared = FileSystemBytecodeCache(str(folder))
    init = BuiltinTemplateLoader.init

    def init_shared(self: BuiltinTemplateLoader, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        self.environment.bytecode_cache = shared

    BuiltinTemplateLoader.init = init_shared  # type: ignore[method-assign]  # this child's only


def _link_static_files(cache: Path) -> None:
    """The theme's and the project's static files (12 MB per language on OnionShare: fonts,
    screenshots) stored once under ``<out>/.cache/static`` by content and hard-linked into
    each language's ``_static``, instead of copied per language. A link is an ordinary file
    to whatever reads or uploads the site; where linking fails (another file system, a
    destination already there), Sphinx copies as it does."""
    import filecmp
    import hashlib

    import sphinx.builders.html
    import sphinx.util.fileutil
    from sphinx.util import osutil

    store = cache / "static"
    copy = osutil.copyfile

    def copyfile(source: Any, dest: Any, *, force: bool = False) -> None:
        source, dest = Path(source), Path(dest)
        if not source.is_file():
            return copy(source, dest, force=force)
        if dest.exists():
            if dest.stat().st_nlink == 1 or filecmp.cmp(source, dest, shallow=False):
                return copy(source, dest, force=force)  # Sphinx's rules: a no-op or a warning
            if not force:
                return copy(source, dest, force=force)
            dest.unlink()  # never write through a link into the other languages' copies
        data = source.read_bytes()
        kept = store / hashlib.sha256(data, usedforsecurity=False).hexdigest()
        try:
            if not kept.exists():
                store.mkdir(parents=True, exist_ok=True)
                part = kept.with_name(f"{kept.name}.{os.getpid()}")
                part.write_bytes(data)
                stat = source.stat()
                os.utime(part, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as Sphinx copies
                os.replace(part, kept)
            os.link(kept, dest)
        except OSError:
            copy(source, dest, force=force)

    for module in (osutil, sphinx.util.fileutil, sphinx.builders.html):
        module.copyfile = copyfile  # type: ignore[attr-defined]  # this child's only


def _remember_stems() -> None:
    """A word is stemmed once per target, not once per document: Sphinx memoises the stemmer
    within one document; its snowball stemmers are pure Python and cost a tenth of a German
    build. The stem of a word does not depend on the document, so the index is the same."""
    import functools

    from sphinx.search import IndexBuilder

    init = IndexBuilder.__init__

    def init_remembering(self: IndexBuilder, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        self.lang.stem = functools.cache(self.lang.stem)  # type: ignore[method-assign]

    IndexBuilder.__init__ = init_remembering  # type: ignore[method-assign]  # this child's only


def _reuse_state_machines() -> None:
    """A reST state machine reused from one parse to the next instead of built for each:
    Sphinx parses every translated message with a new parser (``_publish_msgstr`` in
    ``sphinx.transforms.i18n``), and building a machine, whose 16 states each make their
    transition tables, cost more than parsing the message (700 messages: 1.0 s, 0.35 s with
    reuse). docutils does the same with its nested machines (``RSTState.nested_sm_cache``):
    ``run()`` resets a machine's states and observers. A machine goes back to the pool only
    after a parse that finished; one in use is never handed out twice."""
    import types

    from docutils.parsers.rst import states
    from sphinx import parsers

    idle: dict[tuple[Any, ...], list[Any]] = {}

    def machine(state_classes: Any, initial_state: str, debug: bool = False) -> Any:
        pool = idle.get((tuple(state_classes), initial_state, debug))
        if pool:
            return pool.pop()
        return states.RSTStateMachine(
            state_classes=state_classes, initial_state=initial_state, debug=debug
        )

    view = types.ModuleType(states.__name__)  # Sphinx's parser sees this; docutils, the original
    view.__dict__.update(vars(states))
    view.RSTStateMachine = machine  # type: ignore[attr-defined]
    parsers.states = view  # this child's only
    parse = parsers.RSTParser.parse

    def parse_reusing(self: Any, inputstring: Any, document: Any) -> None:
        parse(self, inputstring, document)
        used = self.statemachine
        key = (tuple(self.state_classes), self.initial_state, document.reporter.debug_flag)
        idle.setdefault(key, []).append(used)

    parsers.RSTParser.parse = parse_reusing  # type: ignore[method-assign]


def run_all(
    fn: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    on_result: Callable[[R], None],
    error: Callable[[T, str], R],
) -> None:
    """``fn(item)`` for every item, ``jobs`` at a time, each in a forked child where
    :func:`forking` allows, else on a thread; ``on_result`` gets each result as it comes, in
    this process. A child that dies without a result (a crash in C code, a signal) yields
    ``error(item, why)``."""
    items = list(items)
    if not forking():
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(fn, item) for item in items]
            for future in as_completed(futures):
                on_result(future.result())
        return
    selector = selectors.DefaultSelector()
    running: dict[int, tuple[int, T, bytearray]] = {}  # read fd → pid, item, data so far
    pending = list(reversed(items))
    try:
        while pending or running:
            while pending and len(running) < jobs:
                item = pending.pop()
                read_fd, pid = _fork(fn, item)
                running[read_fd] = (pid, item, bytearray())
                selector.register(read_fd, selectors.EVENT_READ)
            for key, _ in selector.select():
                fd = int(key.fd)
                pid, item, data = running[fd]
                chunk = os.read(fd, 1 << 16)
                if chunk:
                    data += chunk
                    continue
                selector.unregister(fd)
                os.close(fd)
                del running[fd]
                _, status = os.waitpid(pid, 0)
                try:
                    result = pickle.loads(bytes(data)) if data else None
                except Exception:  # a truncated pickle: the child died writing it
                    result = None
                if result is None:
                    why = f"the build process ended without a result ({_status(status)})"
                    result = (False, why)
                ok, value = result
                on_result(cast("R", value) if ok else error(item, str(value)))
    finally:
        for fd, (pid, _, _) in running.items():  # an exception here: leave no child behind
            with contextlib.suppress(OSError):
                os.kill(pid, 15)
                os.waitpid(pid, 0)
            os.close(fd)
        selector.close()


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


def _fork(fn: Callable[[T], Any], item: T) -> tuple[int, int]:
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()  # else the child would print the parent's buffered output again
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        os.close(write_fd)
        return read_fd, pid
    # The child: never return into the parent's code, never run its atexit handlers.
    code = 1
    try:
        global _in_child
        _in_child = True
        os.close(read_fd)
        try:
            payload = pickle.dumps((True, fn(item)))
        except BaseException:  # reported to the parent, which decides
            payload = pickle.dumps((False, traceback.format_exc()))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view) :]
        os.close(write_fd)
        code = 0
    finally:
        os._exit(code)
