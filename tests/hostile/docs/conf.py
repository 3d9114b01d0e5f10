project = "Hostile"
extensions = ["transflow"]
html_theme = "alabaster"
