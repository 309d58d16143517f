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
