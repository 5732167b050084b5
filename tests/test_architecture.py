"""The package's shape: no import cycles (function-level imports included), no `build` package."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each uspak module and the uspak modules it imports anywhere in its body."""
    modules = {module_name(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("uspak"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    imported.add(full if full in modules else str(node.module))
            elif isinstance(node, ast.Import):
                imported |= {a.name for a in node.names if a.name.startswith("uspak")}
        graph[name] = {m for m in imported if m in modules and m != name}
    return graph


def test_the_import_graph_has_no_cycle():
    """Can the modules be ordered so that each imports only modules before it?"""
    try:
        list(TopologicalSorter(import_graph()).static_order())
    except CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None


def test_the_graph_sees_function_level_imports():
    """Does the graph include an import made inside a function (so a hidden cycle shows)?"""
    assert "uspak.data" in import_graph()["uspak.exercises.code_result"]


def test_no_package_is_named_build():
    """Is there no `build` folder in the package (ignored by the usual .gitignore templates)?"""
    assert not [p for p in SRC.rglob("build") if p.is_dir()]


def test_gitignore_leaves_out_what_notebooks_save():
    """Does .gitignore name the folder where notebooks save students' answers?"""
    from uspak.exercises.answers import ANSWERS_DIR

    ignored = (SRC.parent / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert f"{ANSWERS_DIR}/" in ignored


def test_python_m_uspak_is_the_uspak_command():
    """Does `python -m uspak --version` answer as `uspak --version` does, with the one version?"""
    import subprocess
    import sys

    import uspak

    result = subprocess.run(
        [sys.executable, "-m", "uspak", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"uspak, version {uspak.__version__}"


def test_the_version_is_written_once():
    """Does pyproject.toml take the version from the package rather than repeat it?"""
    import tomllib

    project = tomllib.loads((SRC.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]


def test_the_command_line_takes_its_defaults_from_the_api():
    """Are the grade command's limits the Python API's own defaults, written once?"""
    from uspak.cli import grade
    from uspak.grading.sandbox import Limits

    defaults = {p.name: p.default for p in grade.params}
    assert defaults["time_limit"] == Limits.cpu_seconds
    assert defaults["memory_limit"] == Limits.memory_mb
    assert Limits.for_cpu(Limits.cpu_seconds) == Limits()
