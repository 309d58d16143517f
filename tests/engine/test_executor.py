"""The executor on toy graphs: keys, cache hits, selective inputs, failures, publishing."""

from __future__ import annotations

import threading

import pytest

from bookbuild.engine.cache import Cache
from bookbuild.engine.executor import Executor
from bookbuild.engine.outputs import Output
from bookbuild.graph.task import Graph, GraphError, Task


class Calls:
    def __init__(self):
        self.names: list[str] = []
        self.lock = threading.Lock()

    def task(self, name, params=None, deps=(), value=None, select=None, publish=None, fail=False, meet=None):
        """``meet``: a threading.Barrier the task waits at, to prove tasks run at once."""
        params = {"name": name, **(params or {})}  # distinct tasks, distinct keys

        def run(ctx):
            with self.lock:
                self.names.append(name)
            if meet is not None:
                meet.wait()  # raises BrokenBarrierError unless every party arrives together
            if fail:
                raise RuntimeError("boom")
            inputs = {d: ctx.input(d).value for d in deps}
            return Output(value=value if value is not None else {"name": name, "inputs": inputs}, files={"out.txt": f"{name}:{value if value is not None else params}".encode()})

        return Task(f"b/{name}", "toy", "tests", "1", params, run, deps=tuple(f"b/{d}" for d in deps), select=select, publish=publish or {}, book="b")


def run_graph(tmp_path, tasks, jobs=2):
    graph = Graph()
    for t in tasks:
        graph.add(t)
    cache = Cache(tmp_path / "cache")
    try:
        return Executor(graph, cache, tmp_path / "build", lambda t: {}, jobs).run()
    finally:
        cache.close()


def test_second_run_is_all_cached(tmp_path):
    calls = Calls()
    tasks = lambda: [calls.task("a", {"x": 1}), calls.task("b", deps=("a",))]  # noqa: E731
    first = run_graph(tmp_path, tasks())
    second = run_graph(tmp_path, tasks())
    assert calls.names == ["a", "b"]
    assert {r.status for r in first.values()} == {"ran"}
    assert {r.status for r in second.values()} == {"cached"}
    assert second["b/b"].output.value == first["b/b"].output.value


def test_changed_params_rerun_the_task_and_its_dependents(tmp_path):
    calls = Calls()
    run_graph(tmp_path, [calls.task("a", {"x": 1}), calls.task("b", deps=("a",)), calls.task("c")])
    calls.names.clear()
    results = run_graph(tmp_path, [calls.task("a", {"x": 2}), calls.task("b", deps=("a",)), calls.task("c")])
    assert sorted(calls.names) == ["a", "b"]
    assert results["b/c"].cached


def test_unchanged_output_stops_the_rerun_early(tmp_path):
    """A dependency that reruns but makes the same output does not rerun its dependents."""
    calls = Calls()
    run_graph(tmp_path, [calls.task("a", {"x": 1}, value="same"), calls.task("b", deps=("a",))])
    calls.names.clear()
    run_graph(tmp_path, [calls.task("a", {"x": 2}, value="same"), calls.task("b", deps=("a",))])
    assert calls.names == ["a"]


def test_select_reruns_only_when_the_selected_part_changes(tmp_path):
    calls = Calls()
    pick = lambda deps: deps["b/a"].value["pages"][0]  # noqa: E731
    run_graph(tmp_path, [calls.task("a", {"v": 1}, value={"pages": ["one", "two"]}), calls.task("b", deps=("a",), select=pick)])
    calls.names.clear()
    run_graph(tmp_path, [calls.task("a", {"v": 2}, value={"pages": ["one", "TWO"]}), calls.task("b", deps=("a",), select=pick)])
    assert calls.names == ["a"]
    calls.names.clear()
    run_graph(tmp_path, [calls.task("a", {"v": 3}, value={"pages": ["ONE", "TWO"]}), calls.task("b", deps=("a",), select=pick)])
    assert calls.names == ["a", "b"]


def test_failure_skips_dependents_and_runs_the_rest(tmp_path):
    calls = Calls()
    results = run_graph(tmp_path, [calls.task("a", fail=True), calls.task("b", deps=("a",)), calls.task("c")])
    assert results["b/a"].status == "failed"
    assert "task b/a (plugin tests) failed: RuntimeError: boom" in results["b/a"].error
    assert results["b/b"].status == "skipped"
    assert results["b/c"].status == "ran"
    # nothing about the failure is cached: the next run tries again
    calls.names.clear()
    run_graph(tmp_path, [calls.task("a"), calls.task("b", deps=("a",)), calls.task("c")])
    assert sorted(calls.names) == ["a", "b"]


def test_independent_tasks_run_concurrently(tmp_path):
    calls = Calls()
    together = threading.Barrier(4, timeout=30)  # only four tasks running at once get past it
    results = run_graph(tmp_path, [calls.task(n, meet=together) for n in "abcd"], jobs=4)
    assert {r.status for r in results.values()} == {"ran"}, [r.error for r in results.values()]


def test_the_longest_chain_starts_first_when_threads_are_short(tmp_path):
    """One thread: the task most others wait for (through deps or a gate) runs first, so
    the cover renders while the pages are drawn; equals keep the graph's order."""
    calls = Calls()
    pages = [calls.task(f"page{n}") for n in range(3)]
    art = calls.task("art")
    gate = calls.task("gate")
    cover = calls.task("cover", deps=("art",))
    cover.gates = ("b/gate",)
    ebook = calls.task("ebook", deps=("cover",))
    results = run_graph(tmp_path, [*pages, art, gate, cover, ebook], jobs=1)

    assert {r.status for r in results.values()} == {"ran"}
    assert calls.names == ["art", "gate", "cover", "page0", "page1", "page2", "ebook"]


def test_chains_count_the_longest_path_through_deps_and_gates():
    calls = Calls()
    graph = Graph()
    for task in (calls.task("a"), calls.task("b", deps=("a",)), calls.task("c", deps=("a",)), calls.task("d", deps=("c",)), calls.task("g")):
        graph.add(task)
    graph.tasks["b/d"].gates = ("b/g",)

    assert graph.chains() == {"b/a": 3, "b/b": 1, "b/c": 2, "b/d": 1, "b/g": 2}


def test_publish_writes_once_and_keeps_mtime(tmp_path):
    calls = Calls()
    tasks = lambda: [calls.task("a", {"x": 1}, publish={"a.txt": "out.txt"})]  # noqa: E731
    first = run_graph(tmp_path, tasks())
    target = tmp_path / "build" / "b" / "a.txt"
    assert target.read_bytes() == b"a:{'name': 'a', 'x': 1}"
    mtime = target.stat().st_mtime_ns
    second = run_graph(tmp_path, tasks())
    assert first["b/a"].published == ["a.txt"] and second["b/a"].published == []
    assert target.stat().st_mtime_ns == mtime
    target.unlink()  # a deleted output comes back from the cache, nothing reruns
    third = run_graph(tmp_path, tasks())
    assert third["b/a"].cached and target.read_bytes() == b"a:{'name': 'a', 'x': 1}"


def test_missing_dependency_and_cycles_are_named(tmp_path):
    calls = Calls()
    graph = Graph()
    graph.add(calls.task("a", deps=("zzz",)))
    with pytest.raises(GraphError, match="task b/a \\(tests\\) needs 'b/zzz', which no plugin added"):
        graph.order()
    graph = Graph()
    graph.add(calls.task("a", deps=("b",)))
    graph.add(calls.task("b", deps=("a",)))
    with pytest.raises(GraphError, match="cycle: b/a -> b/b -> b/a"):
        graph.order()


def test_damaged_cache_file_is_rebuilt_in_the_same_build(tmp_path):
    calls = Calls()
    tasks = lambda: [calls.task("a", publish={"a.txt": "out.txt"}), calls.task("b", deps=("a",))]  # noqa: E731
    run_graph(tmp_path, tasks())
    for path in (tmp_path / "cache" / "objects").rglob("*"):
        if path.is_file() and path.read_bytes() == b"a:{'name': 'a'}":
            path.write_bytes(b"garbage")  # bytes that no longer match their digest
    (tmp_path / "build" / "b" / "a.txt").unlink()
    results = run_graph(tmp_path, tasks())
    assert results["b/a"].status == "ran" and results["b/b"].status == "cached"
    assert (tmp_path / "build" / "b" / "a.txt").read_bytes() == b"a:{'name': 'a'}"
    assert calls.names == ["a", "b", "a"]


def test_key_never_contains_secrets_or_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "test-key-one")
    calls = Calls()
    key_a = Executor(Graph({"b/a": calls.task("a", {"x": 1})}), Cache(tmp_path / "c1"), tmp_path / "b1", lambda t: {}).key_for(calls.task("a", {"x": 1}))
    monkeypatch.setenv("OPENAI_API_KEY", "test-key-two")
    key_b = Executor(Graph(), Cache(tmp_path / "c2"), tmp_path / "elsewhere", lambda t: {}).key_for(calls.task("a", {"x": 1}))
    assert key_a == key_b
