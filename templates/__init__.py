"""The Jinja2 templates of the generated files, shipped in the wheel as `generator.templates`.

They are read through this package's loader (generator/emit/templates.py), so the installed tool finds them
in any folder; pyproject.toml maps this folder into the package.
"""
