"""The budget on toy graphs: worst cases held before paid tasks start, settled to
what they really cost, learned as the build goes; and single-flight: tasks with
one key run once, in one executor or two sharing their flights."""

from __future__ import annotations

import threading

import pytest

from bookbuild.engine.budget import Budget, Cap, Meter, meter, metering
from bookbuild.engine.cache import Cache
from bookbuild.engine.executor import Executor
from bookbuild.engine.flights import Flights
from bookbuild.engine.outputs import Output
from bookbuild.errors import BudgetExceeded, ProviderError
from bookbuild.graph.task import Graph, Task


class Shop:
    """Paid toy tasks: each run records a paid call through the task's meter, costing
    ``price`` times its table worst case (a price the table does not know)."""

    def __init__(self, price: float = 1.0):
        self.price = price
        self.lock = threading.Lock()
        self.calls: list[str] = []

    def task(self, name: str, worst: float = 0.10, params=None, kind: str = "image", fail: str = "", calls: int = 1) -> Task:
        def run(ctx):
            for _ in range(calls):
                with meter().paid(worst) as call:
                    with self.lock:
                        self.calls.append(name)
                    call.charge({"images": 1, "cost": worst * self.price})
            if fail:
                raise ProviderError(fail, fatal=fail.startswith("fatal"))
            return Output(value={"name": name})

        return Task(f"b/{name}", kind, "tests", "1", params if params is not None else {"name": name}, run, book="b", costly=True, estimate=worst, worst_case=worst)


def run(tmp_path, tasks, cap: float = 0.0, jobs: int = 4, flights=None):
    graph = Graph({t.id: t for t in tasks})
    cache = Cache(tmp_path / "cache")
    limit = Cap("this build", cap, "raise it") if cap else None
    budget = Budget(lambda book: [limit] if limit else [])
    try:
        results = Executor(graph, cache, tmp_path / "build", lambda t: {}, jobs, budget=budget, flights=flights).run()
    finally:
        cache.close()
    return results, budget


@pytest.mark.parametrize("price", [1.0, 2.0, 4.0, 10.0])
def test_the_cap_holds_whatever_the_calls_really_cost(tmp_path, price):
    shop = Shop(price)
    results, budget = run(tmp_path, [shop.task(f"p{i}") for i in range(20)], cap=0.5, jobs=8)
    spent = len(shop.calls) * 0.10 * price
    assert spent == pytest.approx(budget.spent)
    # Only the first call, whose price nothing told us, may pass the cap; then it is learned.
    assert spent <= max(0.5, 0.10 * price) + 1e-9
    assert len(shop.calls) == max(1, int(0.5 / (0.10 * price) + 1e-9))
    skipped = [r for r in results.values() if r.status == "skipped"]
    assert skipped and all("would pass the budget of $0.50 for this build" in r.error for r in skipped)


def test_without_a_cap_nothing_waits_and_everything_runs(tmp_path):
    shop = Shop(4.0)
    together = threading.Barrier(4, timeout=30)  # no probing without a cap: four at once

    def meet(task):
        inner = task.run

        def run_(ctx):
            together.wait()
            return inner(ctx)

        task.run = run_
        return task

    results, budget = run(tmp_path, [meet(shop.task(f"p{i}")) for i in range(4)], jobs=4)
    assert {r.status for r in results.values()} == {"ran"}
    assert budget.spent == pytest.approx(1.6)


def test_a_second_call_in_a_task_holds_more_or_stops_before_it_is_made(tmp_path):
    shop = Shop(1.0)
    results, budget = run(tmp_path, [shop.task("twice", worst=0.3, calls=2)], cap=0.5)
    (result,) = results.values()
    assert result.status == "failed" and "stopped before a paid call" in result.error
    assert shop.calls == ["twice"]  # the second call was never made
    assert result.usage["cost"] == pytest.approx(0.3) and budget.spent == pytest.approx(0.3)


def test_a_failed_task_reports_what_it_spent(tmp_path):
    shop = Shop(1.0)
    results, budget = run(tmp_path, [shop.task("flagged", calls=2, fail="flagged twice")])
    (result,) = results.values()
    assert result.status == "failed" and result.usage == {"images": 2, "cost": pytest.approx(0.2)}
    assert budget.spent == pytest.approx(0.2)


def test_a_fatal_provider_error_starts_no_further_paid_task(tmp_path):
    shop = Shop(1.0)
    tasks = [shop.task("first", fail="fatal: out of credit")] + [shop.task(f"p{i}") for i in range(5)]
    results, _ = run(tmp_path, tasks, jobs=1)
    assert shop.calls == ["first"]
    assert all(r.status == "skipped" and "out of credit" in r.error for r in results.values() if r.task.name != "first")


def test_learning_is_per_kind_and_only_raises(tmp_path):
    budget = Budget(lambda book: [Cap("all", 10.0, "")])
    task_meter = Meter(budget, "b", "image")
    with task_meter.paid(0.1) as call:
        call.charge({"cost": 0.35})
    with task_meter.paid(0.1) as call:
        call.charge({"cost": 0.05})
    assert budget.scaled("image", 0.1) == pytest.approx(0.35) and budget.scaled("story", 0.1) == pytest.approx(0.1)


def test_holds_are_released_when_calls_end_or_fail():
    cap = Cap("all", 1.0, "")
    budget = Budget(lambda book: [cap])
    task_meter = Meter(budget, "b", "image")
    with pytest.raises(RuntimeError):
        with task_meter.paid(0.4):
            assert cap.held == pytest.approx(0.4)
            raise RuntimeError("the call failed")
    assert cap.held == 0 and cap.spent == 0
    with pytest.raises(BudgetExceeded, match=r"would pass the budget of \$1.00 for all"):
        with task_meter.paid(1.5):
            pass


def test_a_providers_own_meter_reports_to_the_tasks():
    task_meter = Meter()
    from bookbuild.engine.budget import running

    with running(task_meter):
        with metering() as mine:
            mine.count_request()
            with mine.paid(0.1) as call:
                call.charge({"images": 1, "cost": 0.08})
    assert mine.totals() == {"input_tokens": 0, "output_tokens": 0, "images": 1, "requests": 1, "cost": 0.08}
    assert task_meter.usage == {"requests": 1, "images": 1, "cost": 0.08}


# -- single-flight ------------------------------------------------------------------------


def test_tasks_with_one_key_run_once_and_the_others_take_its_output(tmp_path):
    shop = Shop()
    same = {"prompt": "Pip in the meadow"}
    tasks = [shop.task(f"page{i}", params=same) for i in range(6)] + [shop.task("other")]
    results, budget = run(tmp_path, tasks, jobs=4)
    assert sorted(shop.calls) == ["other", "page0"] or len(shop.calls) == 2
    assert [r.status for r in results.values()].count("ran") == 2
    assert all(r.output is not None for r in results.values())
    assert budget.spent == pytest.approx(0.2)


def test_when_the_leader_fails_the_others_do_not_pay_again(tmp_path):
    shop = Shop()
    tasks = [shop.task(f"page{i}", params={"prompt": "same"}, fail="the server said no") for i in range(4)]
    results, _ = run(tmp_path, tasks, jobs=4)
    assert len(shop.calls) == 1
    followers = [r for r in results.values() if r.status == "skipped"]
    assert len(followers) == 3 and all("made the same request and failed: the server said no" in r.error for r in followers)


def test_two_executors_sharing_flights_make_a_request_once(tmp_path):
    """As diff's two sides: at once in two threads, or one after the other."""
    shop = Shop()
    release = threading.Event()

    def slow(task):
        inner = task.run

        def run_(ctx):
            release.wait(timeout=30)
            return inner(ctx)

        task.run = run_
        return task

    flights = Flights()
    out = {}

    def side(name):
        out[name] = run(tmp_path / name, [slow(shop.task("picture", params={"prompt": "same"}))], flights=flights)[0]

    # Both sides share the cache folder, as diff's sides share the user's cache.
    (tmp_path / "base").mkdir()
    (tmp_path / "head").symlink_to(tmp_path / "base")
    threads = [threading.Thread(target=side, args=(n,)) for n in ("base", "head")]
    for t in threads:
        t.start()
    release.set()
    for t in threads:
        t.join(timeout=60)
    assert len(shop.calls) == 1
    assert sorted(r.status for side_results in out.values() for r in side_results.values()) == ["cached", "ran"]
