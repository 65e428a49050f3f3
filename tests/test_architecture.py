"""The tree's shape: which package may import which, read from the source itself (every
import statement, those inside functions included)."""

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).parents[1]
PACKAGES = ("indicators", "disclosure", "queries", "geodata", "layouts", "warehouse",
            "dashboard")
# What each package may import of the others: plain declarations at the bottom, the app
# at the top. layouts/ builds components from values and never reads data.
ALLOWED = {
    "indicators": set(),
    "disclosure": {"indicators"},
    "queries": {"indicators"},
    "geodata": set(),
    "layouts": {"indicators", "disclosure"},
    "warehouse": {"indicators", "disclosure", "queries", "geodata"},
    "dashboard": {"indicators", "disclosure", "queries", "geodata", "layouts", "warehouse"},
}


def imports() -> dict[str, set[tuple[str, str]]]:
    """For each module (as a path), the project modules it imports."""
    found = defaultdict(set)
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                else:
                    continue
                for name in names:
                    if name.split(".")[0] in PACKAGES:
                        found[str(path.relative_to(ROOT))].add(name)
    return found


def test_each_package_imports_only_those_below_it():
    wrong = sorted(f"{module} imports {name}"
                   for module, names in imports().items() for name in names
                   if (top := name.split(".")[0]) != (own := module.split("/")[0])
                   and top not in ALLOWED[own])
    assert wrong == []


def test_the_allowed_imports_have_no_cycle():
    seen, done = set(), set()

    def visit(package, path):
        assert package not in seen - done, " -> ".join(path + [package])
        if package in done:
            return
        seen.add(package)
        for below in ALLOWED[package]:
            visit(below, path + [package])
        done.add(package)

    for package in PACKAGES:
        visit(package, [])


def test_no_page_imports_the_app_that_loads_it():
    pages = {module: names for module, names in imports().items()
             if module.startswith("dashboard/pages/")}
    assert len(pages) >= 10
    assert [module for module, names in pages.items()
            if any(name.startswith("dashboard.app") for name in names)] == []


def test_the_check_would_see_a_forbidden_import(tmp_path, monkeypatch):
    """The graph is read from the files: a warehouse module importing the app is caught."""
    (tmp_path / "warehouse").mkdir(parents=True)
    for package in PACKAGES:
        (tmp_path / package).mkdir(exist_ok=True)
    (tmp_path / "warehouse" / "bad.py").write_text("def f():\n    from dashboard import app\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert imports()["warehouse/bad.py"] == {"dashboard", "dashboard.app"}


def test_every_page_module_declares_itself():
    from dashboard import pages

    modules = pages.modules()
    assert len(modules) >= 10
    for page in modules:
        assert isinstance(page.PAGE, pages.Page), page.__name__
        assert callable(page.layout), page.__name__
        assert all(isinstance(c, pages.Callback) for c in page.PAGE.callbacks), page.__name__
    assert [path for _, path in pages.navigation(modules)][:2] == ["/", "/map"]
    assert sum(len(page.PAGE.callbacks) for page in modules) >= 30


def test_every_callback_is_a_module_level_function():
    """A page's callbacks are plain functions of its module, which a test imports and calls:
    none is made inside another function, where only the app that ran it could reach it."""
    nested = []
    for path in sorted((ROOT / "dashboard" / "pages").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for outer in ast.walk(tree):
            if not isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            nested += [f"{path.name}: {outer.name}.{inner.name}" for inner in ast.walk(outer)
                       if isinstance(inner, ast.FunctionDef) and inner is not outer
                       and any("callback" in ast.unparse(d) for d in inner.decorator_list)]
            if outer.name == "register_callbacks":
                nested.append(f"{path.name}: register_callbacks")
    assert nested == []

    from dashboard.pages import province

    declared = {c.function for c in province.PAGE.callbacks}
    assert province.rerank in declared and province.download in declared


def test_a_new_page_is_one_module(monkeypatch, demo_db, public_db):
    """A module the package holds is routed, linked in the navigation and, when it needs a
    signed-in reader, kept from a public site: nothing else is edited."""
    import types

    from dash import Input, Output
    from roles import callback, page

    from dashboard import pages
    from dashboard.app import create_app

    toy = types.ModuleType("dashboard.pages.toy")
    toy.PAGE = pages.Page("/toy/<word>", nav="about", nav_order=9)
    toy.layout = lambda query, lang, word: f"toy page says {word}"
    toy.PAGE.callback(Output("toy-echo", "children"), Input("toy-word", "value"))(str.upper)
    every = pages.modules()
    monkeypatch.setattr(pages, "modules", lambda: [*every, toy])
    client = create_app(demo_db).server.test_client()
    text = page(client, "/toy/hello")
    assert "toy page says hello" in text and '"/toy"' in text  # routed, and in the navigation
    answer = callback(client, "toy-echo.children", [("toy-word", "value", "hello")])
    assert answer.get_json()["response"]["toy-echo"]["children"] == "HELLO"  # its callback
    monkeypatch.setattr(toy, "PAGE", pages.Page("/toy/<word>", signed_in=True))
    public = create_app(public_db, public=True).server.test_client()
    assert "toy page says" not in page(public, "/toy/hello")
