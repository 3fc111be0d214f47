# Loads the grading plugin for every pytest run in this repository (katas/ and tests/).
pytest_plugins = ["sensei.plugin"]
