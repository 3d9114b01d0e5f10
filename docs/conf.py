"""Sphinx configuration of the statements. transflow adds the i18n settings (languages,
catalogs, search, PDF fonts) from ``[tool.transflow]`` in ../pyproject.toml."""

project = "Myanmar solidarity statements"
author = "#MilkTeaAlliance Friends of Myanmar; Defection and Defiance Movement Forum"
copyright = "2024, the signatories"

extensions = ["transflow"]

language = "en"
gettext_compact = False
smartquotes = False  # keep the statements' own typography
exclude_patterns = ["_build"]

html_theme = "alabaster"
html_title = "Myanmar solidarity statements"
html_static_path = ["_static"]
html_css_files = ["statements.css"]
