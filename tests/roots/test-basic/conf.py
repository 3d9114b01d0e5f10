project = "Basic"
copyright = "2024, Test"
extensions = ["transflow"]
language = "en"
gettext_compact = False
exclude_patterns = ["_build"]
