"""The ownership rules of the layout, checked on every import in bookbuild/ (as
import-linter would): the core never imports a plugin, a plugin never imports
another plugin, nothing imports the CLI but __main__, and no module is a wall."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import REPO

PACKAGE = REPO / "bookbuild"
PLUGINS = "bookbuild.plugins"
# Each plugin is a folder or module here; a plugin may import itself and the core only.
PLUGIN_ROOTS = ("generators.offline", "generators.openai", "exporters.canva", "validators.kdp", "safety.wordlist", "safety.reading_level", "themes.builtin", "picture_book", "coloring_book")
MAX_LINES = 1000


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """Every module an import statement names (relative imports resolved)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}  # `from pkg import module`
    return {m for m in found if m.startswith("bookbuild")}


def plugin_of(module: str) -> str | None:
    if not module.startswith(PLUGINS + "."):
        return None
    rest = module[len(PLUGINS) + 1 :]
    return next((root for root in PLUGIN_ROOTS if rest == root or rest.startswith(root + ".")), rest.split(".")[0])


def test_the_core_never_imports_a_plugin():
    core = {n: p for n, p in modules().items() if not n.startswith(PLUGINS) and n not in ("bookbuild.pluginmanager",)}
    wrong = sorted(f"{n} imports {m}" for n, p in core.items() for m in imports(n, p) if m.startswith(PLUGINS + "."))
    assert wrong == []


def test_a_plugin_imports_only_itself_and_the_core():
    wrong = []
    for name, path in modules().items():
        own = plugin_of(name)
        if own is None:
            continue
        for module in imports(name, path):
            other = plugin_of(module)
            if other is not None and other != own:
                wrong.append(f"{name} imports {module}")
    assert sorted(wrong) == []


def test_nothing_imports_the_cli_but_the_launcher():
    wrong = sorted(n for n, p in modules().items() if n != "bookbuild.launch" and "bookbuild.cli" in imports(n, p))
    assert wrong == []


def test_no_module_is_a_wall():
    long = sorted(f"{p.relative_to(REPO)}: {n} lines" for p in PACKAGE.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES)
    assert long == [], "split these along their sections; data goes in data files"
