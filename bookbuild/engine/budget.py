"""The budget: what AI calls may spend, held before each paid call starts.

Caps (USD; a cap of 0 is no cap), each a ``Cap``:

- ``max_cost`` / ``--max-cost``: one build;
- ``max_book_cost``: one book over all its builds (the running total kept in
  build/<slug>/manifest.json as ``spent_to_date``);
- ``max_total_cost``: every book of the repository together, over all builds.

Before a paid task starts, the executor holds its worst case (the provider's
``worst_case``: the price table's dearest answer for that model, size and quality)
against every cap that covers it; a task that does not fit is not started. Inside
the task, each paid call holds its own worst case through the task's ``Meter``
(calls past the task's first, such as a picture drawn again, hold more or are
refused), and settles to the real cost the server reported once it answers.

Prices drift and servers report more tokens than a table says: the budget learns.
A call that cost more than its worst case raises the factor every later hold of its
kind is multiplied by, and while a cap is set the first paid task of each kind runs
alone (``probing``), so the factor is known before many run at once. What a cap can
still be passed by is one call's surprise: the first call of a kind that costs more
than its worst case, or a call dearer than every earlier one of its kind.
"""

from __future__ import annotations

import contextvars
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

from bookbuild.errors import BudgetExceeded

USAGE_KEYS = ("input_tokens", "output_tokens", "images", "requests", "cost")


@dataclass
class Cap:
    what: str  # "this build", "book fox over all its builds", ...
    limit: float  # USD
    hint: str  # how to raise it
    spent: float = 0.0  # spent before this build (running totals) and during it
    held: float = 0.0  # worst cases of calls running now

    def room(self) -> float:
        return self.limit - self.spent - self.held


class Budget:
    """Caps by book, the holds on them, and what paid calls are learned to cost.

    ``known``: the factors earlier builds learned (their manifests' ``price_factors``), so
    a build starts from what the last one found out instead of the price table."""

    def __init__(self, caps_for: Callable[[str], list[Cap]] | None = None, known: Mapping[str, float] | None = None):
        self._caps_for = caps_for or (lambda book: [])
        self._lock = threading.Lock()
        self.factors: dict[str, float] = {k: max(1.0, float(v)) for k, v in (known or {}).items()}  # kind -> real / worst case, at least 1
        self.observed: dict[str, float] = {}  # what this build's calls cost against their worst case
        self.spent = 0.0  # this build, every book

    def caps(self, book: str) -> list[Cap]:
        return self._caps_for(book)

    def capped(self, book: str) -> bool:
        return bool(self.caps(book))

    def learned(self, kind: str) -> bool:
        with self._lock:
            return kind in self.factors

    def scaled(self, kind: str, worst: float) -> float:
        """A worst case as this build has learned it: never below the price table's."""
        with self._lock:
            return worst * self.factors.get(kind, 1.0)

    def hold(self, book: str, amount: float) -> str | None:
        """Hold ``amount`` on every cap of the book; the reason when one has no room (nothing held then)."""
        with self._lock:
            caps = self.caps(book)
            for cap in caps:
                if amount > cap.room() + 1e-9:
                    return _refusal(cap, amount)
            for cap in caps:
                cap.held += amount
        return None

    def release(self, book: str, amount: float) -> None:
        with self._lock:
            for cap in self.caps(book):
                cap.held = max(0.0, cap.held - amount)

    def settle(self, book: str, cost: float) -> None:
        """Money a call really spent, whatever was held for it."""
        if not cost:
            return
        with self._lock:
            self.spent += cost
            for cap in self.caps(book):
                cap.spent += cost

    def learn(self, kind: str, cost: float, worst: float) -> None:
        """One paid call's real cost against its worst case: the factor only grows."""
        ratio = max(cost / worst if worst > 0 else 1.0, 1.0)
        with self._lock:
            self.factors[kind] = max(self.factors.get(kind, 1.0), ratio)
            self.observed[kind] = max(self.observed.get(kind, 1.0), ratio)

    def to_keep(self) -> dict[str, float]:
        """The factors for the next build: what this build saw where it made paid calls,
        what it knew before where it made none (a corrected price table lowers them again)."""
        with self._lock:
            return {kind: round(self.observed.get(kind, factor), 4) for kind, factor in sorted(self.factors.items())}


def _refusal(cap: Cap, amount: float) -> str:
    return (
        f"it would pass the budget of ${cap.limit:.2f} for {cap.what} (spent ${cap.spent:.2f}, held for calls "
        f"running ${cap.held:.2f}, this call up to ${amount:.2f}); what finished is cached, {cap.hint} to go on"
    )


class Meter:
    """What one task spends: the requests it made and what its paid calls cost.

    The executor makes one per task and makes it current while the task runs;
    providers find it with ``meter()`` and hold each paid call's worst case before
    making it (``paid``). Every record flows up to the task's meter, so a task that
    fails still reports what it spent."""

    def __init__(self, budget: Budget | None = None, book: str = "", kind: str = "", pool: float = 0.0, parent: "Meter | None" = None):
        self.budget = budget
        self.book = book
        self.kind = kind  # what the learned factors are kept by (the task's kind)
        self.pool = pool  # held by the executor before the task started, not yet used by a call
        self.parent = parent
        self.usage: dict[str, float] = {}
        self._lock = threading.Lock()  # a task may ask on several threads at once (moderation batches)

    @property
    def root(self) -> "Meter":
        return self.parent.root if self.parent is not None else self

    def record(self, usage: Mapping[str, Any]) -> None:
        """Tokens, images, requests and cost (USD) spent; the cost settles the budget."""
        with self._lock:
            for key, value in usage.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    self.usage[key] = self.usage.get(key, 0) + value
        if self.parent is not None:
            self.parent.record(usage)
        elif self.budget is not None:
            self.budget.settle(self.book, float(usage.get("cost", 0.0) or 0.0))

    def totals(self) -> dict[str, float]:
        """Every usage key, 0 where nothing was spent."""
        return {**{k: 0 for k in USAGE_KEYS}, **self.usage}

    def count_request(self) -> None:
        self.record({"requests": 1})

    @contextmanager
    def paid(self, worst: float) -> Iterator["PaidCall"]:
        """Hold a paid call's worst case (USD) while it runs; raises BudgetExceeded when
        a cap has no room. ``call.charge(usage)`` records what it really cost."""
        root = self.root
        held = root._take(worst)
        call = PaidCall(self, worst)
        try:
            yield call
        finally:
            if root.budget is not None and held:
                root.budget.release(root.book, held)
            if call.charged and root.budget is not None:
                root.budget.learn(root.kind, call.cost, worst)

    def _take(self, worst: float) -> float:
        """What one call holds (released after it): from the task's pool first, then the caps."""
        if self.budget is None:
            return 0.0
        amount = self.budget.scaled(self.kind, worst)
        from_pool = min(self.pool, amount)
        self.pool -= from_pool
        extra = amount - from_pool
        if extra > 1e-12:
            refusal = self.budget.hold(self.book, extra)
            if refusal is not None:
                self.pool += from_pool  # nothing was started: the task keeps its hold
                raise BudgetExceeded(f"stopped before a paid call: {refusal}")
        # The pool's part was already held (by the executor); all of it is released after the call.
        return amount

    def close(self) -> None:
        """The task is over: what its hold did not use goes back to the budget."""
        if self.budget is not None and self.pool:
            self.budget.release(self.book, self.pool)
        self.pool = 0.0


@dataclass
class PaidCall:
    meter: Meter
    worst: float
    cost: float = 0.0
    charged: bool = False
    usage: dict[str, float] = field(default_factory=dict)

    def charge(self, usage: Mapping[str, Any]) -> None:
        """What this call spent (``cost`` in USD, tokens, images); may be called once per answer."""
        self.charged = True
        self.cost += float(usage.get("cost", 0.0) or 0.0)
        self.meter.record(usage)


_CURRENT: contextvars.ContextVar[Meter | None] = contextvars.ContextVar("bookbuild_meter", default=None)


def current() -> Meter | None:
    return _CURRENT.get()


def meter() -> Meter:
    """The running task's meter, or a free-standing one outside a build (a provider called directly)."""
    return _CURRENT.get() or Meter()


@contextmanager
def metering(parent: Meter | None = None) -> Iterator[Meter]:
    """A meter of its own for one piece of work (a provider call), current while it runs;
    what it records also reaches the task's meter."""
    child = Meter(parent=parent if parent is not None else _CURRENT.get())
    token = _CURRENT.set(child)
    try:
        yield child
    finally:
        _CURRENT.reset(token)


@contextmanager
def running(task_meter: Meter) -> Iterator[Meter]:
    """Make a task's meter current in the thread that runs the task."""
    token = _CURRENT.set(task_meter)
    try:
        yield task_meter
    finally:
        _CURRENT.reset(token)
