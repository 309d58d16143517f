"""bookbuild.providers helpers a build calls on any provider: early imports."""

from __future__ import annotations

import sys
import threading

from bookbuild.providers import BaseProvider, import_early


def test_a_providers_imports_load_on_a_thread_of_their_own(tmp_path, monkeypatch):
    (tmp_path / "slow_sdk_for_test.py").write_text("import threading\nloaded_on = threading.current_thread().name\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "slow_sdk_for_test", raising=False)

    class Networked(BaseProvider):
        imports = ("slow_sdk_for_test",)

    import_early(Networked())
    for thread in [t for t in threading.enumerate() if t.name == "bookbuild-imports"]:
        thread.join(timeout=30)

    assert sys.modules["slow_sdk_for_test"].loaded_on == "bookbuild-imports"


def test_a_provider_without_imports_starts_nothing():
    class Plain:  # not a BaseProvider: no imports attribute at all
        name = "plain"

    before = threading.active_count()
    import_early(Plain())
    import_early(BaseProvider())
    assert threading.active_count() == before


def _join_imports() -> None:
    for thread in [t for t in threading.enumerate() if t.name == "bookbuild-imports"]:
        thread.join(timeout=30)


def test_prepare_runs_on_that_thread_once_the_imports_are_in(tmp_path, monkeypatch):
    (tmp_path / "sdk_for_prepare_test.py").write_text("value = 'loaded'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "sdk_for_prepare_test", raising=False)
    seen = []

    class Networked(BaseProvider):
        imports = ("sdk_for_prepare_test",)

        def prepare(self):
            seen.append((threading.current_thread().name, sys.modules["sdk_for_prepare_test"].value))

    import_early(Networked())
    _join_imports()

    assert seen == [("bookbuild-imports", "loaded")]


def test_a_failing_prepare_is_left_for_the_first_request_to_report():
    """Nothing escapes the thread (no stray traceback on stderr): the task that needs it says what is wrong."""
    errors = []
    previous = threading.excepthook
    threading.excepthook = errors.append
    try:

        class Broken(BaseProvider):
            imports = ("no_such_module_for_bookbuild_tests",)

            def prepare(self):
                raise RuntimeError("no key")

        class BrokenPrepare(BaseProvider):
            def prepare(self):
                raise RuntimeError("no key")

        import_early(Broken())
        import_early(BrokenPrepare())
        _join_imports()
    finally:
        threading.excepthook = previous
    assert errors == []


def test_the_garbage_collector_is_paused_while_they_import_and_only_then(tmp_path, monkeypatch):
    import gc

    (tmp_path / "sdk_for_gc_test.py").write_text("import gc\ncollecting = gc.isenabled()\n")
    (tmp_path / "broken_sdk_for_gc_test.py").write_text("raise ImportError('not installed')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("sdk_for_gc_test", "broken_sdk_for_gc_test"):
        monkeypatch.delitem(sys.modules, name, raising=False)

    class Networked(BaseProvider):
        imports = ("sdk_for_gc_test", "broken_sdk_for_gc_test")

    assert gc.isenabled()
    import_early(Networked())
    _join_imports()
    assert sys.modules["sdk_for_gc_test"].collecting is False
    assert gc.isenabled()  # back on, though an import failed
