"""What a running task sees: its inputs, its book and project, and a way to use every core."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ..engine.outputs import Output
    from .task import Task


@dataclass
class TaskContext:
    """What a running task sees: its inputs and the objects of its book."""

    task: Task
    inputs: dict[str, Output]
    env: dict[str, Any]  # "book", "settings", "pm", ... as the build provides them

    def input(self, name: str) -> Output:
        """A dependency's output, by full id or by the name after the book slug."""
        if name in self.inputs:
            return self.inputs[name]
        for dep_id, out in self.inputs.items():
            if dep_id.split("/", 1)[-1] == name:
                return out
        raise KeyError(f"task {self.task.id} did not declare an input {name!r}")

    def __getattr__(self, name: str) -> Any:
        try:
            return self.env[name]
        except KeyError:
            raise AttributeError(name) from None

    def offload(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run fn(*args) in a worker process (CPU-bound, picklable work), or here if there is none."""
        workers = self.env.get("workers")
        return workers.run(fn, *args) if workers is not None else fn(*args)
