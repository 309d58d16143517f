"""Stage 2: a book becomes a graph of tasks (the ``add_tasks`` hook of every plugin).

- task.py: Task (one unit of work and what its key is made of) and Graph
- context.py: TaskContext, what a running task sees
- ids.py: the task names and output files plugins may name across plugin lines
"""

from . import ids
from .context import TaskContext
from .task import Graph, GraphError, Task

__all__ = ["Graph", "GraphError", "Task", "TaskContext", "ids"]
