"""`bookbuild schema`: book.yaml's JSON Schema for editors, and the file `new` keeps.

A repository keeps it as book.schema.json at its root, and every book.yaml that
`bookbuild new` writes starts with a `# yaml-language-server: $schema=...` line
pointing at it, so VS Code (the YAML extension) and other editors that speak the
YAML language server complete keys and flag unknown ones as the author types.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bookbuild.project import Project

SCHEMA_FILE = "book.schema.json"


def schema_of(project: Project) -> dict[str, Any]:
    from bookbuild.spec.json_schema import book_schema
    from bookbuild.spec.load import book_fields

    return book_schema(book_fields(project.book_fields(), project.book_types))


def schema_text(project: Project) -> str:
    return json.dumps(schema_of(project), indent=2, ensure_ascii=False) + "\n"


def write_schema(project: Project, path: Path | None = None) -> bool:
    """Write the schema file (default: book.schema.json at the root); False when it was already so."""
    from bookbuild.engine.artifacts import write_atomic

    target = path or project.root / SCHEMA_FILE
    text = schema_text(project)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    write_atomic(target, text.encode())
    return True


def schema_comment(root: Path, book_folder: Path) -> str:
    """The first line of a new book.yaml: where editors find the schema, relative to it."""
    return f"# yaml-language-server: $schema={Path(os.path.relpath(root / SCHEMA_FILE, book_folder)).as_posix()}"
