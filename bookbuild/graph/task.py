"""Tasks and the graph: what the engine runs, and everything each task depends on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from .context import TaskContext
    from bookbuild.engine.outputs import Output


@dataclass
class Task:
    """One unit of work. Its cache key is computed from everything here but ``run``.

    Never put a time, an absolute path or a secret in ``params``: the key must be
    the same on every machine that has the same inputs.
    """

    id: str  # unique within the build: "<slug>/illustration:07"
    kind: str  # "story", "illustration", "interior", ...
    plugin: str  # the plugin that made the task, with...
    version: str  # ...its version: a new version reruns its tasks
    params: dict[str, Any]  # JSON values that determine the output (content, not paths)
    run: Callable[[TaskContext], Output]
    deps: tuple[str, ...] = ()  # ids of tasks whose outputs this one reads
    # Ids of tasks that must pass before this one runs (the safety check before a print
    # file): not inputs, so not in its key; when one fails, this one does not run.
    gates: tuple[str, ...] = ()
    # Key ingredients taken from the deps' outputs instead of their whole digests, so a
    # task reruns only when the part it reads changed (an illustration reads one page).
    select: Callable[[dict[str, Output]], Any] | None = None
    publish: dict[str, str] = field(default_factory=dict)  # build/<slug>/NAME <- output file
    book: str = ""  # slug, for progress and the manifest
    label: str = ""  # short text for progress lines
    costly: bool = False  # calls a paid service: plan shows it, the budget counts it
    estimate: float = 0.0  # expected cost in USD when it runs (the provider's estimate)
    # The most it can cost before a retry (the provider's worst_case), held against the
    # budget before it starts; 0: the estimate.
    worst_case: float = 0.0
    # What paid calls it makes ("image", "story": the provider's kind). The budget learns
    # real prices by it, so a picture's price is known for every task that draws one.
    spends: str = ""
    preview: bool = False  # instant and pure: `plan` may run it to know what depends on it
    # The plugin's name in the key when it differs from ``plugin``: code that moves keeps
    # its old name here, so its outputs (paid ones too) stay cached.
    key_name: str = ""
    # Its value carries {"findings": [...]} (Finding.to_json()) that the book's validate
    # task reports with its own: what a task learns about its inputs (an author's picture
    # at 150 DPI) is said where everyone looks, and cached with the task.
    reports: bool = False
    # Its value carries {"notes": {key: value}} (bookbuild.notes): what it measured in
    # what it made, passed to the validate hooks so they do not measure it again.
    notes: bool = False

    @property
    def name(self) -> str:
        return self.id.split("/", 1)[-1]


class GraphError(ValueError):
    pass


@dataclass
class Graph:
    tasks: dict[str, Task] = field(default_factory=dict)

    def add(self, task: Task) -> Task:
        if task.id in self.tasks:
            raise GraphError(f"two tasks are named {task.id!r} ({self.tasks[task.id].plugin} and {task.plugin})")
        self.tasks[task.id] = task
        return task

    def __contains__(self, task_id: str) -> bool:
        return task_id in self.tasks

    def __iter__(self):
        return iter(self.tasks.values())

    def __len__(self) -> int:
        return len(self.tasks)

    def order(self) -> list[Task]:
        """Tasks with every dependency before its dependents; checks names and cycles."""
        for task in self.tasks.values():
            for dep in (*task.deps, *task.gates):
                if dep not in self.tasks:
                    raise GraphError(f"task {task.id} ({task.plugin}) needs {dep!r}, which no plugin added")
        done: dict[str, bool] = {}
        ordered: list[Task] = []

        def visit(task_id: str, stack: tuple[str, ...]) -> None:
            if done.get(task_id):
                return
            if task_id in stack:
                raise GraphError("tasks depend on each other in a cycle: " + " -> ".join(stack + (task_id,)))
            for dep in (*self.tasks[task_id].deps, *self.tasks[task_id].gates):
                visit(dep, stack + (task_id,))
            done[task_id] = True
            ordered.append(self.tasks[task_id])

        for task_id in self.tasks:
            visit(task_id, ())
        return _longest_chain_first(ordered)

    def chains(self) -> dict[str, int]:
        """Each task's longest chain of tasks waiting on it, itself included (see ``chains``)."""
        return chains(self.order())


def _longest_chain_first(ordered: list[Task]) -> list[Task]:
    """The same tasks, those with the longest chain of tasks waiting on them first (ties in
    the order they were added): the engine starts ready tasks in this order, so the cover's
    chain (cover art, cover, ebook cover, ebook) and the safety check start early instead of
    behind every picture, and the build's end waits on as little as it can. A dependency's
    chain is always longer than its dependents', so this is still a dependency order."""
    below = chains(ordered)
    index = {t.id: i for i, t in enumerate(ordered)}
    return sorted(ordered, key=lambda t: (-below[t.id], index[t.id]))


def chains(ordered: list[Task]) -> dict[str, int]:
    """Each task's longest chain of tasks that wait for it (through deps or gates), itself
    included, from tasks in a dependency order. The executor starts ready tasks and gives
    request slots by it (critical path first)."""
    waiting: dict[str, list[str]] = {t.id: [] for t in ordered}
    for task in ordered:
        for dep in dict.fromkeys((*task.deps, *task.gates)):
            waiting[dep].append(task.id)
    below: dict[str, int] = {}
    for task in reversed(ordered):  # every dependent before its dependencies
        below[task.id] = 1 + max((below[d] for d in waiting[task.id]), default=0)
    return below
