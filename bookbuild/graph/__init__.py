"""Stage 2: a book becomes a graph of tasks (core tasks + the add_tasks hook)."""

from .task import Graph, GraphError, Task

__all__ = ["Graph", "GraphError", "Task"]
