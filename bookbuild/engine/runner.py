"""The core's own answer to the ``run_task`` hook: run the task. Registered first
and never blocked, so plugins' wrappers always have something to wrap."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bookbuild import hookimpl

if TYPE_CHECKING:
    from bookbuild.engine.outputs import Output
    from bookbuild.graph.context import TaskContext
    from bookbuild.graph.task import Task

NAME = "bookbuild.core"


@hookimpl
def run_task(task: Task, ctx: TaskContext) -> Output:
    return task.run(ctx)
