"""Guards that keep the layering and the security design from eroding.

The layers themselves are import-linter's contract (pyproject.toml, run by `make test`); these
tests check what import-linter cannot express.
"""

import ast
import re
import tomllib
from functools import cache
from pathlib import Path

import grimp
import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGES = PYPROJECT["tool"]["importlinter"]["root_packages"]
# What belongs to an app's own pages; another app reaches it only through its actions, access,
# queries and models (the project package, which wires the URLs and the API, excepted).
PAGE_MODULES = {"views", "forms", "urls", "api", "panels", "templatetags", "admin", "management"}
# Cross-app page imports with a reason. A visit records the child's measurement with the
# measurement app's own form, so that both pages validate a measurement the same way.
PAGE_IMPORTS_ALLOWED = {"visits.forms -> measurements.forms"}
# Only these modules may query children without going through children.access.
CHILD_QUERIES_ALLOWED = {
    "children/access.py",
    "children/actions.py",
    # The two deliberate look-ups beyond a user's scope.
    "children/duplicates.py",
    "schools/matching.py",
    # The ledger import's duplicate check: the same ID number anywhere, names in the county.
    "ledger/matching.py",
    "demo/registry/loader.py",
    "demo/registry/users.py",
}


def _sources():
    """(path relative to the repository, syntax tree, lines) of every app module but tests and migrations."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/tests/" in rel or "/migrations/" in rel:
                continue
            text = path.read_text(encoding="utf-8")
            yield rel, ast.parse(text), text.splitlines()


def _objects_uses(tree) -> set[str]:
    """Names X used as `X.objects` in a module."""
    return {
        node.value.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects" and isinstance(node.value, ast.Name)
    }


def test_children_are_only_queried_through_the_access_module():
    offenders = [
        rel for rel, tree, _ in _sources() if rel not in CHILD_QUERIES_ALLOWED and "Child" in _objects_uses(tree)
    ]
    assert offenders == [], f"Query children through children.access, not Child.objects: {offenders}"


def _child_data_models() -> set[str]:
    """Models that hold a child's data: the registry's, and every model with a `child` field."""
    names = {"Child", "Household", "Parent", "HouseholdMember", "ChildTransfer"}
    for model in apps.get_models():
        if any(f.name == "child" for f in model._meta.get_fields()):
            names.add(model.__name__)
    return names


def test_pages_reach_child_data_only_through_access_functions():
    """A view, API endpoint or panel gets a child's data from an access function or from the
    related managers of a child it got that way, never from `<Model>.objects`, which would
    bypass the user's scope."""
    scoped = _child_data_models()
    offenders = []
    for rel, tree, _ in _sources():
        if Path(rel).stem in {"views", "api", "panels"} or "/templatetags/" in rel:
            offenders += [f"{rel}: {name}.objects" for name in sorted(_objects_uses(tree) & scoped)]
    assert offenders == [], f"Use the app's access functions in pages: {offenders}"


def test_no_import_inside_a_function_without_a_reason():
    """An import inside a function hides a dependency (often one that points up a layer); where
    one is needed, a comment on its line or the line above says why."""
    offenders = []
    for rel, tree, lines in _sources():
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    line, above = lines[node.lineno - 1], lines[node.lineno - 2] if node.lineno > 1 else ""
                    if "#" not in line and not above.strip().startswith("#"):
                        offenders.append(f"{rel}:{node.lineno}")
    assert offenders == [], f"Move these imports to the top of the module, or say why they are here: {offenders}"


@cache
def _graph():
    """The import graph of the apps, without their tests (a test may build fixtures from any app)."""
    graph = grimp.build_graph(*PACKAGES)
    for module in [m for m in graph.modules if ".tests" in m]:
        graph.remove_module(module)
    return graph


def test_no_app_uses_another_apps_pages():
    graph = _graph()
    offenders = []
    for module in sorted(graph.modules):
        app = module.split(".")[0]
        if app == "shouhu":
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            parts = imported.split(".")
            # core's forms and panels are the shared form pieces and the panel registry, not pages.
            if parts[0] not in (app, "core") and len(parts) > 1 and parts[1] in PAGE_MODULES:
                offenders.append(f"{module} -> {imported}")
    offenders = [o for o in offenders if o not in PAGE_IMPORTS_ALLOWED]
    assert offenders == [], f"Use the other app's actions, access, queries or models: {offenders}"


def test_there_is_no_import_circle_between_apps():
    graph = _graph()
    circles = [
        (a, b)
        for a in PACKAGES
        for b in PACKAGES
        if a < b
        and graph.chain_exists(importer=a, imported=b, as_packages=True)
        and graph.chain_exists(importer=b, imported=a, as_packages=True)
        and not {a, b} <= {"shouhu", "demo"}
    ]
    assert circles == []


@pytest.mark.parametrize("app", [c.name for c in apps.get_app_configs() if (ROOT / c.name).is_dir()])
def test_every_app_has_its_place_in_the_layers(app):
    layers = next(c for c in PYPROJECT["tool"]["importlinter"]["contracts"] if c["type"] == "layers")["layers"]
    placed = {name for layer in layers for name in re.split(r"[|:]", layer.replace(" ", ""))}
    assert app in placed, f"add {app} to the layers contract in pyproject.toml"
    assert app in PACKAGES, f"add {app} to the import-linter root_packages in pyproject.toml"


def test_no_page_loads_anything_from_another_host():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text), path
