"""The Sphinx side of transflow: what a build of one language needs from the configuration.

Loaded with ``extensions = ["transflow"]``. It maps the build's ``language`` through transflow's
language model (catalog directory, search language, a Burmese splitter), points Sphinx at the
project's catalogs, and on every HTML page adds a language switcher, ``hreflang`` alternates and,
where the page is not fully translated, a notice in the page's own language saying how much is —
counted by :mod:`transflow.coverage`, the same number ``transflow stats`` shows.
"""

from __future__ import annotations

import gettext
import html
import os
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx.transforms.i18n as sphinx_i18n
from docutils import nodes
from markupsafe import Markup
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.nodes import NodeMatcher

import transflow
from transflow import config as config_mod
from transflow import coverage, pages, pofile, untrusted
from transflow.assemble import MARKS, PAGES_FILE
from transflow.errors import CatalogError, TransflowError
from transflow.files import write_if_changed
from transflow.languages import Language, place
from transflow.pofile.mo import compile_mo
from transflow.sphinx import latex, search
from transflow.sphinx import lint as sphinx_lint
from transflow.sphinx.state import BuildState, attach, user_set
from transflow.sphinx.state import of as state_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config as SphinxConfig

logger = logging.getLogger(__name__)
MESSAGE_CATALOG = "transflow"
_ = get_translation(MESSAGE_CATALOG)
LOCALE_DIR = Path(__file__).parents[1] / "locale"


def _language(cfg: config_mod.Config | None, code: str) -> Language:
    """The build's language as the project names it: a directory's own name (``sr@latin``,
    ``tl``, ``zh_Hans``) stays as it is; another spelling of a configured language
    (``pt-br``) becomes that directory's name, so Sphinx finds the catalogs."""
    if cfg is not None:
        if code in (cfg.source_language.code, cfg.source_language.tag):
            return cfg.source_language
        try:
            return cfg.language(code)
        except TransflowError:
            pass
    lang, problem = place(code)
    if problem is not None:
        logger.warning("%s", problem, type="transflow", subtype="language")
    return lang


def _on_config_inited(app: Sphinx, conf: SphinxConfig) -> None:
    user = user_set(conf)  # conf.py's and -D's values stay the user's
    try:
        cfg = config_mod.load(app.confdir, require_sources=False)
    except TransflowError as exc:
        logger.warning("transflow configuration: %s", exc, type="transflow", subtype="config")
        cfg = None
    lang = _language(cfg, conf.language or "en")
    conf.language = lang.code
    state = BuildState(cfg, lang)
    attach(app, state)
    if cfg is not None:
        if "locale_dirs" not in user:  # `transflow build` gives its copy of the catalogs
            conf.locale_dirs = [os.path.relpath(cfg.locale_dir, app.srcdir)]
        built = conf.transflow_languages or [
            cfg.source_language.code,
            *(x.code for x in cfg.languages),
        ]
        state.others = [_language(cfg, code) for code in built]
    if "gettext_compact" not in user:
        conf.gettext_compact = False
    if "html_search_language" not in user or not conf.html_search_language:
        conf.html_search_language = lang.search_language or lang.base
    # First, so that a project file of the same name in its own html_static_path wins.
    conf.html_static_path = [str(pages.STATIC), *conf.html_static_path]
    if "html_last_updated_fmt" not in user:
        conf.html_last_updated_fmt = None


def _page_percent(app: Sphinx, pagename: str) -> float | None:
    state = state_of(app)
    if state is None or state.cfg is None or state.repo is None:
        return None
    if state.lang.code == state.cfg.source_language.code:
        return None
    if pagename not in state.page_coverage:
        if state.repo.pot_dir is None or not state.repo.pot_path(pagename).is_file():
            return None
        try:
            doc = coverage.measure_document(state.repo, state.lang, pagename)
        except TransflowError as exc:
            logger.warning("%s", exc, type="transflow", subtype="catalog")
            return None
        state.page_coverage[pagename] = doc.counts.percent("messages")
    return state.page_coverage[pagename]


def _href(pagename: str, lang: Language, suffix: str) -> str:
    """The same page in another language, relative: <out>/html/<lang>/<page>.html."""
    up = "../" * (pagename.count("/") + 1)
    return f"{up}{lang.code}/{pagename}{suffix}"


def _templates(app: Sphinx) -> list[Path]:
    """The project's templates directories: a same-named file there replaces transflow's."""
    return [Path(app.confdir, d) for d in app.config.templates_path]


def switcher_html(
    app: Sphinx, pagename: str, current: Language, languages: list[Language], suffix: str
) -> str:
    items = [
        {
            "tag": lang.tag,
            "name": lang.native_name,
            "current": lang.code == current.code,
            "href": _href(pagename, lang, suffix),
        }
        for lang in languages
    ]
    return pages.render(
        "transflow-switcher.html", _templates(app), label=_("Languages"), languages=items
    )


def _notice(app: Sphinx, kind: str, level: str, text: str) -> str:
    return pages.render("transflow-notice.html", _templates(app), kind=kind, level=level, text=text)


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    state = state_of(app)
    if state is None:
        return
    context["language"] = state.lang.tag  # <html lang> in BCP 47, not the gettext spelling
    # The project's name as the root document's translated title, not conf.py's English.
    root_title = app.env.titles.get(app.config.root_doc)
    if (
        root_title is not None
        and state.lang.code != getattr(state.cfg, "source_language", state.lang).code
    ):
        # Escaped here, as Markup: themes print ``project`` unescaped (alabaster's logo) or
        # through ``|e``, which leaves Markup as it is, so both show the text, never run it.
        context["project"] = context["docstitle"] = Markup.escape(root_title.astext())
    suffix = app.builder.out_suffix if hasattr(app.builder, "out_suffix") else ".html"
    languages = state.others
    # Between the markers: what `transflow build` and `transflow assemble` rewrite once they
    # know which editions (versions × languages) the site holds.
    alternates = ""
    if len(languages) > 1 and doctree is not None:
        alternates = "".join(
            f'<link rel="alternate" hreflang="{x.tag}" href="{html.escape(_href(pagename, x, suffix))}" />\n'
            for x in languages
        )
    if doctree is not None:
        context["metatags"] = context.get("metatags", "") + f"{MARKS[0]}\n{alternates}{MARKS[1]}\n"
    parts = [MARKS[2]]
    if len(languages) > 1:
        parts.append(switcher_html(app, pagename, state.lang, languages, suffix))
    parts.append(MARKS[3])
    if app.config.transflow_draft:
        parts.append(_notice(app, "draft", "warning", _("Draft translation: not yet released.")))
    percent = _page_percent(app, pagename) if doctree is not None else None
    if percent is not None and percent < 100:
        text = _("%(percent)s of this page is translated; the rest is shown in English.") % {
            "percent": coverage.format_percent(percent)
        }
        parts.append(_notice(app, "partial", "note", text))
    if "body" in context:
        context["body"] = "".join(parts) + context["body"]


def _write_pages(app: Sphinx, exception: Exception | None) -> None:
    """``transflow-pages.json`` beside the HTML: the pages this edition has, each with its
    coverage, and the switcher's words in its language, for assembling the site's switchers
    without Sphinx (pieces built on other machines)."""
    state = state_of(app)
    if exception is not None or state is None or app.builder.format != "html":
        return
    import json

    data = {
        "root_doc": app.config.root_doc,
        "suffix": getattr(app.builder, "out_suffix", ".html"),
        "labels": {
            "languages": _("Languages"),
            "versions": _("Versions"),
            "start": _("start page: this page is not in that edition"),
        },
        "pages": {doc: _page_percent(app, doc) for doc in sorted(app.env.found_docs)},
    }
    write_if_changed(Path(app.outdir) / PAGES_FILE, json.dumps(data, ensure_ascii=False, indent=1))


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Text left in the source language says so, for screen readers, hyphenation and fonts.

    Sphinx marks each translatable node ``translated`` or not; docutils writes the class
    ``language-en`` as ``lang="en"`` on the element (WCAG's "language of parts").
    """
    state = state_of(app)
    if state is None or state.cfg is None or state.lang == state.cfg.source_language:
        return
    mark = f"language-{state.cfg.source_language.tag}"
    for node in NodeMatcher(nodes.Element, translated=False).findall(doctree):
        node["classes"].append(mark)


class Locale(sphinx_i18n.Locale):
    """Sphinx's own i18n transform, given only translations :mod:`transflow.untrusted` accepts.

    Sphinx publishes each msgstr as a document of its own with the page's docutils settings; here
    file insertion and raw output are off while it does (settings are per document, so the page's
    own ``.. include::`` and ``.. raw::`` still work), and the catalogs Sphinx looks up are
    replaced by judged copies: a refused message is absent, so the page shows its source text.
    """

    def apply(self, **kwargs: Any) -> None:
        lookup = sphinx_i18n.init_locale

        def judged(dirs: Any, language: str | None, domain: str) -> tuple[Any, bool]:
            translator, found = lookup(dirs, language, domain)
            if not found:
                return translator, found
            reported = _REPORTED.setdefault(self.env, set())
            dirs = [*_HOMES.get(self.env, ()), *(Path(d) for d in dirs)]
            return _judged_catalog(translator, dirs, language, domain, reported, verbatim), True

        # A raw block's content (gettext_additional_targets = ["raw"]) is published unparsed.
        verbatim = frozenset(
            node.rawsource or node.astext()
            for node in self.document.findall(nodes.raw)
            if node.get("translatable")
        )

        settings = self.document.settings
        saved = settings.file_insertion_enabled, settings.raw_enabled
        settings.file_insertion_enabled = settings.raw_enabled = False
        # the three-argument call Sphinx's Locale transform makes; its wider signature is not used
        sphinx_i18n.init_locale = judged  # type: ignore[assignment]
        updater = sphinx_i18n._NodeUpdater
        sphinx_i18n._NodeUpdater = _NodeUpdater  # type: ignore[misc]
        try:
            super().apply(**kwargs)
        finally:
            sphinx_i18n.init_locale = lookup
            sphinx_i18n._NodeUpdater = updater  # type: ignore[misc]
            settings.file_insertion_enabled, settings.raw_enabled = saved


class _NodeUpdater(sphinx_i18n._NodeUpdater):
    """Sphinx's, but a named reference whose name the translation changed (```pkgutil 型の名前空間
    パッケージ`_``: no such target) gets the source's unmatched names in the source's order.
    Sphinx takes them from a set, whose order changes with the process's hash seed: on
    packaging.python.org's Japanese pages two such links swapped targets from one build to the
    next. lint reports the changed name (``rst-reference``); this keeps the page stable and,
    where the translation keeps the order, right."""

    def update_refnamed_references(self) -> None:
        from typing import Any as Wildcard

        from sphinx.locale import __
        from sphinx.util.nodes import NodeMatcher

        is_refnamed_ref = NodeMatcher(nodes.reference, refname=Wildcard)
        old_refs = list(is_refnamed_ref.findall(self.node))
        new_refs = list(is_refnamed_ref.findall(self.patch))
        self.compare_references(
            old_refs,
            new_refs,
            __("inconsistent references in translated message. original: {0}, translated: {1}"),
        )
        new_names = {r["refname"] for r in new_refs}
        orphans = [n for n in dict.fromkeys(r["refname"] for r in old_refs) if n not in new_names]
        for newr in new_refs:
            if not self.document.has_name(newr["refname"]) and orphans:
                newr["refname"] = orphans.pop(0)
            self.document.note_refname(newr)


class _Judged(gettext.NullTranslations):
    """A catalog Sphinx's Locale transform reads like its own (``_catalog``, no fallback)."""

    def __init__(self, catalog: dict[Any, str]):
        super().__init__()
        self._catalog = catalog

    def gettext(self, message: str) -> str:
        return self._catalog.get(message, message)


# The project's own catalog folder, where a refusal is reported: `transflow build` gives Sphinx
# a byte-identical copy of the catalogs in the build folder (Sphinx writes .mo beside them).
_HOMES: weakref.WeakKeyDictionary[Any, tuple[Path, ...]] = weakref.WeakKeyDictionary()


def _remember_catalog_home(app: Sphinx) -> None:
    state = state_of(app)
    if state is not None and state.cfg is not None:
        _HOMES[app.env] = (state.cfg.locale_dir,)


# Refusals already reported in a build: a catalog shared by many documents (gettext_compact)
# is judged for each of them, and said once.
_REPORTED: weakref.WeakKeyDictionary[Any, set[tuple[str, str]]] = weakref.WeakKeyDictionary()


def _judged_catalog(
    translator: Any,
    dirs: list[Path],
    language: str | None,
    domain: str,
    reported: set[tuple[str, str]],
    verbatim: frozenset[str] = frozenset(),
) -> _Judged:
    chain = []
    while translator is not None:
        chain.append(getattr(translator, "_catalog", None) or {})
        translator = getattr(translator, "_fallback", None)
    merged: dict[Any, str] = {}
    for catalog in reversed(chain):  # earlier catalogs win, as in Sphinx
        merged |= catalog
    kept: dict[Any, str] = {}
    lines = None
    for msgid, msgstr in merged.items():
        if isinstance(msgid, str) and msgid and isinstance(msgstr, str):
            if msgid in verbatim:  # Sphinx strips no no-qa marker from a raw block
                refusals = untrusted.judge(msgid, msgstr, verbatim=True)
            else:
                refusals = untrusted.judge(msgid, sphinx_i18n.parse_noqa(msgstr)[0])
            if refusals:
                if lines is None:
                    lines = _msgstr_lines(dirs, language, domain)
                _report(lines.get(msgid, (None, 0)), domain, refusals, reported)
                continue
        kept[msgid] = msgstr
    return _Judged(kept)


def _msgstr_lines(
    dirs: list[Path], language: str | None, domain: str
) -> dict[str, tuple[Path, int]]:
    """Where each msgid's msgstr stands in the .po the .mo was compiled from (for path:line)."""
    found: dict[str, tuple[Path, int]] = {}
    for base in dirs:
        po = Path(os.path.normpath(base / (language or "") / "LC_MESSAGES" / f"{domain}.po"))
        if not po.is_file() or untrusted.catalog_path_escapes(po, base):
            continue
        try:
            catalog = pofile.read(po)
        except TransflowError:
            continue
        for e in catalog.entries:
            if not e.obsolete and e.msgctxt is None:
                found.setdefault(e.msgid, (po, e.msgstr_line))
    return found


def _report(
    where: tuple[Path | None, int], domain: str, refusals: Any, reported: set[tuple[str, str]]
) -> None:
    path, line = where
    location = f"{path}:{line}" if path else f"{domain}.mo"
    for r in refusals:
        if (location, r.reason) not in reported:
            reported.add((location, r.reason))
            logger.warning(
                "translation refused [%s]: %s",
                r.check,
                r.reason,
                type="transflow",
                subtype=r.check,
                location=location,
            )


def _compile_catalogs(app: Sphinx) -> None:
    """The project's catalogs compiled by transflow instead of Sphinx's Babel, as msgfmt compiles
    them (:mod:`transflow.pofile.mo`): a page shows exactly the translations coverage counts
    (Babel keeps a plural message whose first form is empty), a .mo is replaced atomically and
    only when its bytes change (so Sphinx rereads only the pages whose translations did), and a
    catalog that is a symlink out of the tree (git can commit one) is never read — Babel would
    print a line of any file it cannot parse, ``/etc/shadow`` included, into the log."""
    if not app.config.gettext_auto_build or not app.config.language:
        return
    from sphinx.util.i18n import CatalogRepository as SphinxCatalogs

    repo = SphinxCatalogs(
        app.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding
    )
    catalogs = list(repo.catalogs)
    outside = [
        c for c in catalogs if untrusted.catalog_path_escapes(Path(c.po_path), Path(c.base_dir))
    ]
    # `transflow build` gives Sphinx a copy without them: the project's own are said here
    state = state_of(app)
    named = [Path(c.po_path) for c in outside]
    if state is not None and state.repo is not None:
        named += [p for p in state.repo.po_outside(state.lang) if p not in named]
    for path in named:
        logger.warning(
            "%s: %s",
            path,
            sphinx_lint.SYMLINK_MESSAGE,
            type="transflow",
            subtype="catalog-outside-tree",
        )
    app.config.gettext_auto_build = False
    use_fuzzy = app.config.gettext_allow_fuzzy_translations
    for c in catalogs:
        if c not in outside and c.is_outdated():
            try:
                data = compile_mo(pofile.read(Path(c.po_path)), use_fuzzy=use_fuzzy)
            except TransflowError as exc:  # a warning, as Sphinx gives: the page stays English
                logger.warning(
                    "%s", _named_as_the_projects(exc, c, state), type="transflow", subtype="catalog"
                )
                continue
            write_if_changed(Path(c.mo_path), data)


def _named_as_the_projects(exc: TransflowError, catalog: Any, state: Any) -> str:
    """The error of a catalog ``transflow build`` copied under ``<out>/.locale``, located in
    the project's own file, which a translator opens (the same bytes: line numbers hold)."""
    if state is None or state.repo is None:
        return str(exc)
    own = state.repo.po_path(state.lang, catalog.domain)
    copy = Path(catalog.po_path)
    errors = exc.errors if isinstance(exc, CatalogError) else [exc]
    return "\n".join(
        str(TransflowError(e.message, own if e.path == copy else e.path, e.line)) for e in errors
    )


def _judge_interface_catalogs(app: Sphinx) -> None:
    """A ``sphinx.po`` in the project's catalogs replaces Sphinx's own interface text, which
    themes print unescaped ("Search", ``value="{{ _('Go') }}"``): its refused messages are taken
    out, so Sphinx's own translation (or English) is shown. Sphinx chains every ``sphinx.mo`` it
    found (and, in one process, those of earlier builds): whatever is not Sphinx's own text for
    the language is judged."""
    import sphinx
    from sphinx import locale as sphinx_locale

    language = app.config.language
    translator = sphinx_locale.translators.get(("general", "sphinx"))
    if not language or translator is None:
        return
    shipped = gettext.translation(
        "sphinx", Path(sphinx.__file__).parent / "locale", [language], fallback=True
    )
    trusted = getattr(shipped, "_catalog", None) or {}
    dirs = [*_HOMES.get(app.env, ()), *(Path(app.srcdir, d) for d in app.config.locale_dirs)]
    reported = _REPORTED.setdefault(app.env, set())
    lines = None
    while translator is not None:
        catalog: dict[Any, Any] = getattr(translator, "_catalog", None) or {}
        for msgid, msgstr in list(catalog.items()):
            key = msgid[0] if isinstance(msgid, tuple) else msgid
            if not (isinstance(key, str) and key and isinstance(msgstr, str)):
                continue
            if trusted.get(msgid) == msgstr:
                continue
            refusals = untrusted.judge_interface(key, msgstr)
            if refusals:
                del catalog[msgid]
                if lines is None:
                    lines = _msgstr_lines(dirs, language, "sphinx")
                _report(lines.get(key, (None, 0)), "sphinx", refusals, reported)
        translator = getattr(translator, "_fallback", None)


def _add_css(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file("transflow.css")  # from pages.STATIC, in html_static_path


def _compiled_catalogs(cache: Path) -> Path:
    """transflow's own .po compiled to .mo beside the doctrees (the package may be read-only);
    a .mo is rewritten only when its bytes change, so Sphinx sees no new catalog otherwise."""
    target = cache / "transflow-locale"
    for po in LOCALE_DIR.glob(f"*/LC_MESSAGES/{MESSAGE_CATALOG}.po"):
        mo = target / po.relative_to(LOCALE_DIR).with_suffix(".mo")
        write_if_changed(mo, compile_mo(pofile.read(po)))
    return target


def setup(app: Sphinx) -> dict[str, Any]:
    from transflow import worker

    worker.note_sphinx_run()
    app.add_config_value("transflow_languages", [], "html", types=frozenset({list, tuple}))
    app.add_config_value("transflow_draft", False, "html", types=frozenset({bool}))
    app.add_message_catalog(MESSAGE_CATALOG, str(_compiled_catalogs(Path(app.doctreedir))))
    app.connect("config-inited", _on_config_inited, priority=400)
    app.connect("builder-inited", _add_css)
    app.connect("builder-inited", _remember_catalog_home)
    app.connect("builder-inited", _compile_catalogs)
    app.connect("builder-inited", _judge_interface_catalogs)
    # Sphinx's Locale transform, replaced by the one that judges translations first.
    app.registry.transforms = [
        Locale if t is sphinx_i18n.Locale else t for t in app.registry.transforms
    ]
    app.connect("html-page-context", _on_html_page_context)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("build-finished", _write_pages)
    for language in (
        search.SearchBurmese,
        search.SearchThai,
        search.SearchJapaneseQueries,
        search.SearchChineseBigrams,
    ):
        app.add_search_language(language)
    latex.setup(app)
    sphinx_lint.setup(app)
    return {
        "version": transflow.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
