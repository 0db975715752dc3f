"""The packaged templates, compiled (see generator/emit/templates.py)."""
