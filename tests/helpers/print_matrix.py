"""Books built across trims, inks, paper, bleed and page counts, for the tests that read
their PDFs back with poppler, qpdf and Ghostscript (tests/render/test_print_matrix.py).

Each variant is a hand-written picture book (short pages, so it builds fast) or a
coloring book; `build_variants` builds them in one repository with one cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import write_files


@dataclass(frozen=True)
class Variant:
    slug: str
    trim: str = "8.5x8.5"
    bleed: bool = True
    ink: str = "premium-color"
    paper: str = "white"
    pages: int = 24
    type: str = "picture"
    age: str = "3-5"
    language: str | None = None
    extra: str = ""

    def yaml(self) -> str:
        lines = [
            f"title: The Brave Little Fox and the Very Long Winter Night",
            "subtitle: A Story About Finding Your Courage",
            "author: Rosa Linden",
            f"type: {self.type}",
            f"age_group: {self.age}",
            f"page_count: {self.pages}",
            f"trim: {self.trim}",
            f"bleed: {str(self.bleed).lower()}",
            f"paper: {self.paper}",
            f"ink: {self.ink}",
            "copyright_year: 2026",
            "description: Pip the little fox is afraid of the dark. When her friend Hazel loses her way in the snowy forest, Pip must find her courage.",
            "characters:\n  - name: Pip\n    visual: a small orange fox with a green scarf",
        ]
        if self.language:
            lines.append(f"language: {self.language}")
        if self.type == "coloring":
            lines.append("coloring:\n  styles: [mandala, pattern]\n  test_colour_page: true")
        return "\n".join(lines) + "\n" + self.extra


STORY = (
    "Pip was a little fox with a bright orange coat. She wore a warm green scarf. "
    "The first butterfly of the day flew past her nose, and the snow made a soft white floor."
)


def pages(slug: str, count: int) -> dict[str, str]:
    return {f"books/{slug}/pages/{i:02d}.md": f"---\nillustration: Pip in the snowy forest, picture {i}\n---\n{STORY}\n" for i in range(1, count + 1)}


def write_variants(root: Path, variants: list[Variant], story_pages: int = 3) -> Path:
    files = {"bookbuild.toml": 'cache_dir = ".cache"\n'}
    for v in variants:
        files[f"books/{v.slug}/book.yaml"] = v.yaml()
        if v.type == "picture":
            files.update(pages(v.slug, story_pages))
    return write_files(root, files)


def build_variants(root: Path, variants: list[Variant], story_pages: int = 3):
    """Build every variant; returns the build report (tests assert it is ok)."""
    from bookbuild.engine.build import build
    from bookbuild.project import Project

    write_variants(root, variants, story_pages)
    project = Project.open(root)
    try:
        return build(project)
    finally:
        project.cache.close()
