"""The plugin manager: built-ins, installed plugins (entry point group
``bookbuild``) and a repository's own plugins/*.py, all registered the same way."""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, Callable

import pluggy

from bookbuild import hookspecs
from bookbuild.engine import runner
from bookbuild.errors import BookbuildError, SpecError, SpecProblem
from bookbuild.settings import CONFIG_NAME
from bookbuild.spec.schema import did_you_mean

DEFAULT_PLUGINS = (
    "bookbuild.plugins.generators.offline",
    "bookbuild.plugins.picture_book",
    "bookbuild.plugins.themes.builtin",
    "bookbuild.plugins.themes.checks",
    "bookbuild.plugins.validators.kdp",
    "bookbuild.plugins.safety.wordlist",
    "bookbuild.plugins.safety.reading_level",
    "bookbuild.plugins.generators.openai",
    "bookbuild.plugins.exporters.canva",
    "bookbuild.plugins.exporters.ebook",
    "bookbuild.plugins.coloring_book",
)
# Checks publishers and readers rely on: KDP's rules and the word list that keeps
# unfit words off a child's page. Like pytest's essential plugins, they cannot be
# disabled by accident; a repository adds its own checks instead.
ESSENTIAL = ("bookbuild.plugins.validators.kdp", "bookbuild.plugins.safety.wordlist")
ENTRY_POINT_GROUP = "bookbuild"
LOCAL_PREFIX = "bookbuild_local."
_LOCAL_FILES: dict[str, str] = {}  # file of a repository plugin -> how the author names it (plugins/x.py)


class PluginFailed(BookbuildError):
    """A repository plugin raised in one of its hooks: named by its file and line."""


def make_manager(plugins_dir: Path | None = None, entry_points: bool = True) -> pluggy.PluginManager:
    pm = pluggy.PluginManager("bookbuild")
    pm.add_hookspecs(hookspecs)
    pm.register(runner, runner.NAME)  # the core answers run_task; plugins wrap it
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name)
    # Tests set this so that plugins installed in the environment cannot change results.
    if entry_points and not getattr(sys, "_called_from_test", False):
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    if plugins_dir is not None and plugins_dir.is_dir():
        for path in sorted(plugins_dir.glob("*.py")):
            if not path.name.startswith("_"):
                module = _load_local(path)
                pm.register(module, LOCAL_PREFIX + path.stem)
                _name_failures(pm, module)
    if os.environ.get("BOOKBUILD_TRACE_PLUGINS"):
        pm.trace.root.setwriter(lambda message: print(message, end="", file=sys.stderr))
        pm.enable_tracing()
    pm.check_pending()
    return pm


def _load_local(path: Path) -> ModuleType:
    """Import plugins/<name>.py by path, without installing it."""
    name = LOCAL_PREFIX + path.stem
    shown = f"{path.parent.name}/{path.name}"
    _LOCAL_FILES[os.path.normpath(path)] = shown
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise BookbuildError(f"{shown}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        where = blame(exc.__traceback__) or (f"{shown}:{exc.lineno}" if isinstance(exc, SyntaxError) and exc.lineno else shown)
        raise BookbuildError(f"{where}: the plugin failed to load: {type(exc).__name__}: {exc}") from exc
    return module


def _name_failures(pm: pluggy.PluginManager, module: ModuleType) -> None:
    """Make each hook of a repository plugin say, when it raises, that it was this file:
    not an internal error, nor the built-in plugin whose task called the hook."""
    for caller in pm.get_hookcallers(module) or ():
        for impl in caller.get_hookimpls():
            if impl.plugin is module and not (impl.hookwrapper or impl.wrapper):
                impl.function = _blaming(impl.function, caller.name)


def _blaming(fn: Callable[..., Any], hook: str) -> Callable[..., Any]:
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BookbuildError:
            raise  # already says what is wrong
        except Exception as exc:
            where = blame(exc.__traceback__) or _LOCAL_FILES.get(os.path.normpath(fn.__code__.co_filename), fn.__code__.co_filename)
            raise PluginFailed(f"{where}: the plugin's {hook} hook raised {type(exc).__name__}: {exc}") from exc

    return call


def blame(tb: TracebackType | None) -> str | None:
    """``plugins/x.py:LINE`` of the innermost frame in a repository plugin, if any."""
    found = None
    for frame, line in traceback.walk_tb(tb):
        shown = _LOCAL_FILES.get(os.path.normpath(frame.f_code.co_filename))
        if shown is not None:
            found = f"{shown}:{line}"
    return found


def block(pm: pluggy.PluginManager, names: list[str], line: int | None = None) -> None:
    """disabled_plugins in bookbuild.toml: unregister and block by name (or short name).
    ``line``: where the key is, for the errors (an unknown or essential plugin)."""
    problems = []
    for name in names:
        matches = [n for n, _ in pm.list_name_plugin() if n == name or n.rsplit(".", 1)[-1] == name]
        if not matches:
            known = sorted(n.rsplit(".", 1)[-1] for n, _ in pm.list_name_plugin() if n not in ESSENTIAL and n != runner.NAME)
            hint = did_you_mean(name, known) or "plugins that can be disabled: " + ", ".join(known)
            problems.append(SpecProblem(CONFIG_NAME, line, "disabled_plugins", f"{name!r} is not a loaded plugin", hint))
        elif essential := [m for m in matches if m in ESSENTIAL or m == runner.NAME]:
            problems.append(SpecProblem(CONFIG_NAME, line, "disabled_plugins", f"{name!r} ({essential[0]}) is essential and cannot be disabled", "its checks keep books printable and fit for children; remove it from the list"))
    if problems:
        raise SpecError(problems)
    for name in names:
        for match in [n for n, _ in pm.list_name_plugin() if n == name or n.rsplit(".", 1)[-1] == name]:
            pm.set_blocked(match)


def implementers(pm: pluggy.PluginManager, *hooks: str) -> list[list[str]]:
    """Sorted [name, version] of the plugins implementing any of ``hooks``: the key
    ingredient that makes a task rerun when a check is added, removed or upgraded."""
    found = set()
    for name, plugin in pm.list_name_plugin():
        if plugin is not None and any(h.name in hooks for h in pm.get_hookcallers(plugin) or ()):
            found.add((name, version_of(plugin)))
    return [list(pair) for pair in sorted(found)]


def version_of(plugin: object) -> str:
    return str(getattr(plugin, "VERSION", getattr(plugin, "__version__", "")))


@dataclass(frozen=True)
class PluginInfo:
    name: str
    version: str
    hooks: tuple[str, ...]
    source: str  # "built-in", "entry point", "local"


def describe(pm: pluggy.PluginManager) -> list[PluginInfo]:
    dists = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        hooks = tuple(sorted(h.name for h in pm.get_hookcallers(plugin) or ()))
        if id(plugin) in dists:
            dist = dists[id(plugin)]
            infos.append(PluginInfo(name, dist.version, hooks, f"entry point ({dist.project_name})"))
        else:
            source = "local" if name.startswith(LOCAL_PREFIX) else "built-in"
            infos.append(PluginInfo(name, version_of(plugin), hooks, source))
    return infos
