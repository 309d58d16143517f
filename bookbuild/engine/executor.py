"""Stage 3: run the graph. Only tasks whose key is not cached run; independent
tasks run at once on a thread pool; results go to the cache, then to build/."""

from __future__ import annotations

import logging
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from bookbuild.errors import BookbuildError, PluginError
from bookbuild.graph.context import TaskContext
from bookbuild.graph.task import Graph, Task
from .artifacts import NO_ROOM, describe_write_error, write_atomic
from .budget import Budget, Cap, Meter, running as running_meter
from .cache import Cache, Damaged
from .flights import Flights, Landing
from .hashing import sha256, task_key
from .outputs import Output
from .urgency import task_chain

log = logging.getLogger(__name__)

MAX_REPAIRS = 2  # a task whose cached files keep coming back damaged: the disk is failing, stop


@dataclass
class TaskResult:
    task: Task
    key: str | None  # None: not computable yet (plan, with an input still to be made)
    status: str  # "cached", "ran", "failed", "skipped", "pending" (plan: would run)
    output: Output | None = None
    seconds: float = 0.0
    error: str = ""
    published: list[str] = field(default_factory=list)  # files written to build/
    bad_input: bool = False  # failed on the author's input (a damaged image): exit 2, not 1
    # What running it spent (tokens, images, requests, cost): a failed task's too.
    usage: dict[str, float] = field(default_factory=dict)

    @property
    def cached(self) -> bool:
        return self.status == "cached"


class Executor:
    def __init__(self, graph: Graph, cache: Cache, build_dir: Path, env_for: Callable[[Task], dict], jobs: int = 1, on_result: Callable[[TaskResult], None] | None = None, max_cost: float = 0.0, runner: Callable[[Task, TaskContext], Output] | None = None, budget: Budget | None = None, flights: Flights | None = None):
        """``on_result`` sees every task's result as it is known; ``runner(task, ctx)``
        runs a task that is not cached (the build passes the ``run_task`` hook).
        ``budget``: the caps paid tasks must fit (``max_cost`` alone makes a one-cap budget);
        ``flights``: shared with other executors whose tasks must not run twice (diff's sides)."""
        self.budget = budget or Budget(_build_cap(max_cost))
        self.flights = flights or Flights()
        self.halted = ""  # why no further paid task starts (the provider said none can succeed)
        self._leading: dict[str, str] = {}  # key -> the task of this executor that runs it for others
        self.graph = graph
        self.cache = cache
        self.build_dir = build_dir
        self.env_for = env_for
        self.jobs = max(1, jobs)
        self.on_result = on_result or (lambda result: None)
        self.runner = runner or (lambda task, ctx: task.run(ctx))
        self.results: dict[str, TaskResult] = {}
        self._repairs: dict[str, int] = {}  # task id -> times its cached output was found damaged
        self._stale: set[str] = set()  # running tasks whose inputs were reset: their result is dropped
        self._running: dict[Future, tuple[Task, str, float, Any]] = {}
        self._waiting = {t.id: sum(t.id in other.deps for other in graph) for t in graph}  # dependents yet to finish
        self._below = graph.chains()  # the longest chain waiting on each task: request slots go to it first

    @property
    def spent(self) -> float:
        return self.budget.spent

    # -- keys ---------------------------------------------------------------

    def key_for(self, task: Task) -> str | None:
        deps = {d: self.results[d].output for d in task.deps}
        if any(out is None for out in deps.values()):
            return None
        inputs = task.select(deps) if task.select else {d: out.digest for d, out in deps.items()}  # type: ignore[union-attr]
        return task_key(task.kind, task.key_name or task.plugin, task.version, task.params, inputs)

    # -- plan (dry run) -----------------------------------------------------

    def plan(self) -> dict[str, TaskResult]:
        for task in self.graph.order():
            key = self.key_for(task)
            hit = self.cache.lookup(key) if key else None
            if hit:
                self.results[task.id] = TaskResult(task, key, "cached", hit[0])
            elif key and task.preview:  # run, not stored: a dry run changes nothing
                output = self._execute(task, {d: self.results[d].output for d in task.deps})
                self.results[task.id] = TaskResult(task, key, "pending", output)
            else:
                self.results[task.id] = TaskResult(task, key, "pending")
        return self.results

    # -- build --------------------------------------------------------------

    def run(self) -> dict[str, TaskResult]:
        order = self.graph.order()
        running: dict[Future, tuple[Task, str, float, Any]] = {}
        self._running = running
        with ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="bookbuild") as pool:
            try:
                while len(self.results) < len(order):
                    ready = self._ready(order, running)
                    if not ready and not running:
                        raise RuntimeError("scheduler stalled")  # cannot happen on an ordered graph
                    self.cache.prefetch(k for t in ready if (k := self.key_for(t)))  # a remote's round trips at once
                    for task in ready:
                        self._start(task, pool, running)
                    self._collect(running)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)  # finished tasks are cached: a rerun resumes
                raise
            finally:
                for key in list(self._leading):  # whoever follows them must not wait for ever
                    self._land(key, "failed", "the build stopped before it ran")
        return self.results

    def _ready(self, order: list[Task], running: dict) -> list[Task]:
        in_flight = {t.id for t, _, _, _ in running.values()}
        # graph.order() puts the longest chain first (critical path; the order added among equals)
        return [t for t in order if t.id not in self.results and t.id not in in_flight and all(d in self.results for d in (*t.deps, *t.gates))]

    def _start(self, task: Task, pool: ThreadPoolExecutor, running: dict) -> None:
        if task.id in self.results or any(d not in self.results for d in (*task.deps, *task.gates)):
            return  # an input was sent back to run again (a damaged cached file) since it was ready
        failed = next((d for d in (*task.deps, *task.gates) if self.results[d].status in ("failed", "skipped")), None)
        if failed is not None:
            self._finish(TaskResult(task, None, "skipped", error=f"not run: {failed} failed"))
            return
        key = self.key_for(task)
        assert key is not None
        hit = self.cache.lookup(key)
        if hit:
            output, meta = hit
            self._land(key, "cached")  # a task run again after a repair: its followers take it too
            self._finish(TaskResult(task, key, "cached", output, seconds=meta.get("seconds", 0.0)))
            return
        if self._threads_busy(running) >= self.jobs or (task.costly and self._probing(task, running)):
            # Started when a thread is free (what it holds of the budget is held only while it
            # runs), and the first paid task of its kind alone while a cap is set: next round.
            return
        # A task run again (an input was repaired) still leads its flight; any other joins it.
        follow = None if self._leading.get(key) == task.id else self.flights.join(key, task.id)
        if follow is not None:  # the same request is running (or failed): wait for it, no thread taken
            running[follow] = (task, key, time.perf_counter(), "follow")
            return
        self._leading[key] = task.id
        hit = self.cache.lookup(key)  # it may have landed between the lookup and the join
        if hit:
            self._land(key, "cached")
            self._finish(TaskResult(task, key, "cached", hit[0], seconds=hit[1].get("seconds", 0.0)))
            return
        meter = self._meter(task)
        if isinstance(meter, str):
            self._land(key, "skipped", meter)
            self._finish(TaskResult(task, key, "skipped", error=meter))
            return
        inputs = {d: self.results[d].output for d in task.deps}
        future = pool.submit(self._timed, task, inputs, meter)
        running[future] = (task, key, time.perf_counter(), meter)

    @staticmethod
    def _threads_busy(running: dict) -> int:
        return sum(isinstance(m, Meter) for _, _, _, m in running.values())

    def _probing(self, task: Task, running: dict) -> bool:
        """While a cap is set and nothing of this kind has been paid for yet, one at a time:
        its real cost is learned before many are held at the price table's."""
        kind = _spends(task)
        if not self.budget.capped(task.book) or self.budget.learned(kind):
            return False
        return any(t.costly and _spends(t) == kind and isinstance(m, Meter) for t, _, _, m in running.values())

    def _meter(self, task: Task) -> Meter | str:
        """The task's meter, its worst case held (paid tasks); or why it must not start."""
        if not task.costly:
            return Meter(self.budget, task.book, _spends(task))
        if self.halted:
            return f"not run: {self.halted}"
        worst = self.budget.scaled(_spends(task), task.worst_case or task.estimate)
        refusal = self.budget.hold(task.book, worst)
        if refusal is not None:
            return f"not run: {refusal}"
        return Meter(self.budget, task.book, _spends(task), pool=worst)

    def _execute(self, task: Task, inputs: dict[str, Output]) -> Output:
        ctx = TaskContext(task, inputs, self.env_for(task))  # type: ignore[arg-type]
        output = self.runner(task, ctx)
        if not isinstance(output, Output):
            raise TypeError(f"returned {type(output).__name__}, expected an Output")
        return output

    def _timed(self, task: Task, inputs: dict[str, Output], meter: Meter) -> tuple[Output, float]:
        started = time.perf_counter()  # in the worker: queue time is not the task's
        if task.costly and self.halted:  # stopped while it waited for its thread
            raise Halted(f"not run: {self.halted}")
        with running_meter(meter), task_chain(self._below.get(task.id, 1)):
            return self._execute(task, inputs), time.perf_counter() - started

    def _collect(self, running: dict) -> None:
        if not running:
            return
        done, _ = wait(list(running), return_when=FIRST_COMPLETED)
        for future in done:
            task, key, started, meter = running.pop(future)
            if meter == "follow":
                self._follow(task, key, future.result())
                continue
            meter.close()
            seconds = time.perf_counter() - started  # until it ran: replaced by the worker's own time
            try:
                output, seconds = future.result()
            except Halted as exc:
                self._land(key, "skipped", str(exc))
                self._finish(TaskResult(task, key, "skipped", error=str(exc)))
                continue
            except Damaged as exc:  # an input's cached file: rebuild that input, then run this again
                if task.id in self._stale or self._repair_input(task, exc):
                    self._stale.discard(task.id)
                    continue
                self._failed(TaskResult(task, key, "failed", seconds=seconds, error=self._repair_failed(exc), usage=dict(meter.usage)))
                continue
            except BookbuildError as exc:
                if getattr(exc, "fatal", False):
                    self.halted = exc.format_message()
                if not self._was_stale(task):
                    self._failed(TaskResult(task, key, "failed", seconds=seconds, error=exc.format_message(), bad_input=exc.exit_code == 2, usage=dict(meter.usage)))
                continue
            except Exception as exc:  # a plugin's bug: name it, keep the traceback for --verbose
                log.debug("task %s failed", task.id, exc_info=True)
                if not self._was_stale(task):
                    self._failed(TaskResult(task, key, "failed", seconds=seconds, error=_task_error(task, exc), usage=dict(meter.usage)))
                continue
            output.usage = self._usage(task, output, meter)
            try:
                record = {"seconds": round(seconds, 4), "task": task.name, "plugin": task.plugin, **({"uses": list(output.uses)} if output.uses else {})}
                self.cache.store(key, output, record)
            except BookbuildError as exc:  # the disk is full, the cache folder unwritable: say where
                self._failed(TaskResult(task, key, "failed", output, seconds=seconds, error=exc.format_message(), usage=dict(output.usage)))
                continue
            if not self._was_stale(task):
                self._land(key, "ran")
                self._finish(TaskResult(task, key, "ran", output, seconds=seconds, usage=dict(output.usage)))

    def _usage(self, task: Task, output: Output, meter: Meter) -> dict[str, float]:
        """What the task spent: what its meter saw when its provider reports as it goes, else
        what its output says (a provider that only returns usage); the budget learns from it."""
        if meter.usage:
            return dict(meter.usage)
        usage = dict(output.usage)
        cost = float(usage.get("cost", 0.0) or 0.0)
        self.budget.settle(task.book, cost)
        if task.costly and cost:
            self.budget.learn(_spends(task), cost, task.worst_case or task.estimate)
        return usage

    def _failed(self, result: TaskResult) -> None:
        if result.key:
            self._land(result.key, "failed", result.error)
        self._finish(result)

    def _follow(self, task: Task, key: str, landing: Landing) -> None:
        """A task whose request another task made: its output from the cache, or its leader's failure."""
        hit = self.cache.lookup(key) if landing.ok else None
        if hit:
            self._finish(TaskResult(task, key, "cached", hit[0], seconds=0.0))
        elif landing.ok:  # made, then lost from the cache (cleared meanwhile): the next build makes it
            self._finish(TaskResult(task, key, "skipped", error=f"not run: {landing.leader} made the same request, but its result is no longer in the cache; build again"))
        else:
            reason = landing.error.splitlines()[0] if landing.error else landing.status
            self._finish(TaskResult(task, key, "skipped", error=f"not run: {landing.leader} made the same request and failed: {reason}"))

    def _land(self, key: str, status: str, error: str = "") -> None:
        if self._leading.pop(key, None) is not None:
            self.flights.land(key, status, error)

    # -- damaged cache files: found on use, rebuilt in the same build ------------------------

    def _repair_input(self, task: Task, exc: Damaged) -> bool:
        """Forget the results whose output holds the damaged file, so they run again (and
        ``task`` after them). False when no input holds it, or it keeps coming back damaged."""
        holders = [r.task.id for r in self.results.values() if r.output is not None and exc.digest in r.output.file_digests.values() and exc.digest not in _loaded(r.output)]
        if not holders and any(d not in self.results for d in task.deps):
            return True  # another reader found it first: its holder is already running again
        if holders:  # and the task's other inputs whose files are gone too (a remote cache that
            # went down): made again in this round, at once, not one found per attempt
            holders += [d for d in task.deps if d not in holders and (r := self.results.get(d)) is not None and r.output is not None and not self._files_at_hand(r.output)]
        if not holders or any(self._repairs.get(h, 0) >= MAX_REPAIRS for h in holders):
            return False
        for holder in holders:
            self._repairs[holder] = self._repairs.get(holder, 0) + 1
            log.info("a cached file of %s was %s: running it again", holder, exc.reason)
            self._forget(holder)
        return True

    def _files_at_hand(self, output: Output) -> bool:
        loaded = _loaded(output)
        return all(self.cache.has_file(d) for d in output.file_digests.values() if d not in loaded)

    def _forget(self, task_id: str) -> None:
        """Drop a task's result and those of everything downstream; running ones go stale."""
        self.results.pop(task_id, None)
        running = {t.id for t, _, _, _ in self._running.values()}
        for task in self.graph:
            if task_id in task.deps:
                if task.id in self.results:
                    self._forget(task.id)
                elif task.id in running:
                    self._stale.add(task.id)

    def _was_stale(self, task: Task) -> bool:
        if task.id in self._stale:
            self._stale.discard(task.id)
            return True
        return False

    def _repair_failed(self, exc: Damaged) -> str:
        return f"{exc.format_message()}, again after it was rebuilt: the disk under the cache ({self.cache.directory}) may be failing; run `bookbuild cache verify`"

    def _finish(self, result: TaskResult) -> None:
        if result.output is not None and result.task.publish and result.status != "failed":
            try:
                result.published = self._publish(result.task, result.output)
            except Damaged as exc:  # its own cached file: run it again in this build
                if result.cached and self._repairs.get(result.task.id, 0) < MAX_REPAIRS:
                    self._repairs[result.task.id] = self._repairs.get(result.task.id, 0) + 1
                    self._forget(result.task.id)
                    return
                result.status, result.error = "failed", self._repair_failed(exc)
            except OSError as exc:
                result.status, result.error = "failed", describe_write_error(exc, exc.filename or self.build_dir / result.task.book)
            except BookbuildError as exc:
                result.status, result.error = "failed", exc.format_message()
        self.results[result.task.id] = result
        self.on_result(result)
        self._release(result)

    def _release(self, result: TaskResult) -> None:
        """Keep a file in memory only while a task still needs it: a finished output's files
        are in the cache (read back on use), and an input's once its last reader is done.
        A 100-page book would otherwise hold every picture and PDF it made at once."""
        if result.output is not None and result.status == "ran":
            result.output.loader = result.output.loader or self.cache.read_file
        for task_id in (result.task.id, *result.task.deps):
            if task_id != result.task.id:
                self._waiting[task_id] = self._waiting.get(task_id, 1) - 1
            done = self.results.get(task_id)
            if done is not None and self._waiting.get(task_id, 0) <= 0 and done.output is not None and done.output.loader is not None:
                done.output.files.clear()

    def _publish(self, task: Task, output: Output) -> list[str]:
        """Write the task's files into build/<slug>/ unless the same bytes are there."""
        written = []
        for name, file in task.publish.items():
            target = self.build_dir / task.book / name
            digest = output.file_digests[file]
            if target.is_file() and _same_file(target, digest):
                continue
            write_atomic(target, output.file(file))
            written.append(name)
        return written


class Halted(Exception):
    """A paid task's turn came after the provider said no call can succeed."""


def _spends(task: Task) -> str:
    return task.spends or task.kind


def _build_cap(max_cost: float) -> Callable[[str], list[Cap]]:
    cap = Cap("this build", max_cost, "raise --max-cost or max_cost in bookbuild.toml") if max_cost else None
    return lambda book: [cap] if cap else []


def _same_file(path: Path, digest: str) -> bool:
    return sha256(path.read_bytes()) == digest


def _loaded(output: Output) -> set[str]:
    """Digests of the files this output already holds in memory (read intact before)."""
    return {output.file_digests[name] for name in output.files if name in output.file_digests}


def _task_error(task: Task, exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.errno in NO_ROOM:
        return describe_write_error(exc, exc.filename or "?")
    from bookbuild.pluginmanager import blame

    where = blame(exc.__traceback__)  # a repository plugin's file and line, when the error came from one
    return PluginError(task.plugin, task.id, f"{type(exc).__name__}: {exc}" + (f" (at {where})" if where else "")).format_message()
