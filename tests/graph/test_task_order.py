"""The order the engine starts ready tasks in: the longest chain of waiting tasks first."""

from __future__ import annotations

import random

from bookbuild.engine.cache import Cache
from bookbuild.engine.executor import Executor
from bookbuild.engine.outputs import Output
from bookbuild.graph.task import Graph, Task


def task(name: str, deps=(), gates=(), ran: list[str] | None = None) -> Task:
    def run(ctx):
        if ran is not None:
            ran.append(name)
        return Output(value={"name": name})

    return Task(name, "toy", "tests", "1", {"name": name}, run, deps=tuple(deps), gates=tuple(gates), book="b")


def picture_book(ran: list[str] | None = None) -> list[Task]:
    """A picture book's shape: pages that only the interior waits on, added before the
    cover's longer chain (cover art -> cover -> ebook cover -> ebook -> validate)."""
    pages = [task(f"page-{i}", ["story"], ran=ran) for i in range(1, 6)]
    return [
        task("story", ran=ran), *pages, task("cover-art", ["story"], ran=ran),
        task("interior", ["story", *(p.id for p in pages)], gates=["safety"], ran=ran),
        task("cover", ["cover-art", "page-1"], gates=["safety"], ran=ran), task("ebook-cover", ["cover"], ran=ran),
        task("ebook", ["ebook-cover", *(p.id for p in pages)], ran=ran), task("check", ["story"], ran=ran),
        task("safety", ["check"], ran=ran), task("validate", ["interior", "cover", "ebook"], ran=ran),
    ]  # fmt: skip


def graph_of(tasks: list[Task]) -> Graph:
    graph = Graph()
    for t in tasks:
        graph.add(t)
    return graph


def test_the_longest_chains_start_first_and_ties_keep_their_order():
    order = [t.id for t in graph_of(picture_book()).order()]
    assert order[0] == "story"
    # The safety check and the cover's chain go ahead of the pages, which only the interior and ebook wait on.
    assert order.index("check") < order.index("cover-art") < order.index("page-2")
    assert order.index("page-1") < order.index("page-2")  # page 1 is on the back cover: the cover waits on it
    assert order.index("cover") < order.index("page-2")
    pages = [i for i in order if i.startswith("page-") and i != "page-1"]
    assert pages == ["page-2", "page-3", "page-4", "page-5"]
    assert order[-1] == "validate"


def test_every_order_puts_each_task_after_what_it_waits_for():
    rng = random.Random(7)
    for _ in range(50):
        tasks: list[Task] = []
        for n in range(rng.randint(1, 25)):
            earlier = [t.id for t in tasks]
            deps = rng.sample(earlier, rng.randint(0, min(3, len(earlier))))
            gates = rng.sample(earlier, rng.randint(0, min(1, len(earlier))))
            tasks.append(task(f"t{n}", deps, [g for g in gates if g not in deps]))
        rng.shuffle(tasks)  # added in any order
        order = graph_of(tasks).order()
        seen: set[str] = set()
        for t in order:
            assert set(t.deps) | set(t.gates) <= seen, t.id
            seen.add(t.id)
        assert len(order) == len(tasks)


def test_one_job_at_a_time_runs_the_cover_before_the_remaining_pages(tmp_path):
    ran: list[str] = []
    cache = Cache(tmp_path / "cache")
    try:
        results = Executor(graph_of(picture_book(ran)), cache, tmp_path / "build", lambda t: {}, 1).run()
    finally:
        cache.close()
    assert {r.status for r in results.values()} == {"ran"}
    assert ran[:6] == ["story", "check", "page-1", "cover-art", "safety", "cover"]
    assert ran[-1] == "validate"
