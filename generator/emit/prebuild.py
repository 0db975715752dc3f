"""A step of the wheel build: the packaged templates compiled into Python modules inside the wheel.

pyproject.toml names `BuildPy` as setuptools' `build_py`: after the package is copied into the build folder,
`generator.emit.templates.write_compiled` compiles each template there, so pip compiles the result to
bytecode at install time and even the first `generate` after an install compiles no template. Nothing
compiled is kept in the repository, and an editable install (whose build folder is not the package) gets
none: it compiles into the user's bytecode cache as before.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools.command.build_py import build_py  # type: ignore[import-untyped]


class BuildPy(build_py):  # type: ignore[misc]
    """setuptools' build_py, then the templates compiled (a regular build only)."""

    def run(self) -> None:
        """Copy the package, then compile its templates beside them."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        # setuptools loads this class from its file: the source tree is not always importable by name.
        root = str(Path(__file__).resolve().parents[2])
        sys.path.insert(0, root)
        try:
            from generator.emit.templates import write_compiled  # jinja2: a build requirement
        finally:
            sys.path.remove(root)
        folder = Path(self.build_lib) / "generator" / "templates"
        for path in write_compiled(folder):
            self.announce(f"compiled template {path.name}", level=2)
