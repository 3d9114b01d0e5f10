project = "PDF test statements"
author = "Test signatories"
copyright = "2024, Test"
extensions = ["transflow"]
language = "en"
gettext_compact = False
smartquotes = False
exclude_patterns = ["_build"]
