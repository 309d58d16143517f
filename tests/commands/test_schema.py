"""`bookbuild schema`: book.yaml's JSON Schema (draft 2020-12) from the loader's own fields,
plugins' keys included. It accepts every book the loader accepts and rejects unknown keys;
checked with the jsonschema package against real books and broken ones, beside the loader."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from helpers import SAMPLES, SMALL_BOOK, small_pages, write_files

PLUGIN_FIELD = '''
from bookbuild import Field, hookimpl

@hookimpl
def register_book_fields():
    return (Field("narrator", dict, fields=(Field("voice", required=True, choices=("warm", "bright")), Field("speed", float, default=1.0))),)
'''
RICH = SMALL_BOOK + """subtitle:
version: 2.1.0-beta.1
theme: courage
seed: 7 stars
description: A fox.
keywords: [fox, owl]
dedication: For Pip.
language: en
book_theme: picture-book
openai:
  image_quality: low
  temperature: 0.5
canva:
  brand_template_id: T1
  fields: {title: title}
narrator:
  voice: warm
  speed: 1
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\n', "plugins/narrator.py": PLUGIN_FIELD, "books/small/book.yaml": SMALL_BOOK, **small_pages(3)})
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def validator(repo, cli):
    result = cli("schema")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    return jsonschema.Draft202012Validator(schema)


def _loads(repo: Path, cli, text: str) -> bool:
    """Whether the loader itself accepts this book.yaml (plan exits 0, 2 on a spec error)."""
    (repo / "books/small/book.yaml").write_text(text)
    result = cli("plan", "--format", "json")
    assert result.exit_code in (0, 2), result.output
    return result.exit_code == 0


@pytest.mark.parametrize("book", sorted(SAMPLES.glob("*/book.yaml")), ids=lambda p: p.parent.name)
def test_every_sample_book_passes(validator, book):
    assert list(validator.iter_errors(yaml.safe_load(book.read_text()))) == []


def test_a_book_with_every_kind_of_key_passes_both(validator, repo, cli):
    assert _loads(repo, cli, RICH)
    assert list(validator.iter_errors(yaml.safe_load(RICH))) == []
    coloring = yaml.safe_load((SAMPLES / "ocean-animals-coloring/book.yaml").read_text())
    assert list(validator.iter_errors(coloring)) == []


@pytest.mark.parametrize(
    "change",
    [
        ("title: Small Fox", "tittle: Small Fox"),  # unknown key (and title missing)
        ("author: Test Author", "author: Test Author\ncolour: red"),  # unknown top-level key
        ("  - name: Pip", "  - name: Pip\n    age: 3"),  # unknown key in a list of mappings
        ("speed: 1", "speed: 1\n  pitch: high"),  # unknown key in a plugin's mapping
        ("voice: warm", "voice: loud"),  # not one of a plugin key's choices
        ("image_quality: low", "image_quality: ultra"),  # not one of the openai plugin's choices
        ("page_count: 24", "page_count: many"),  # wrong type
        ("bleed: true", "bleed: maybe"),
        ("paper: white", "paper: glossy"),  # not a choice
        ("age_group: 3-5", "age_group: 4-7"),
        ("version: 2.1.0-beta.1", "version: two"),  # a check the schema can say as a pattern
        ("trim: 5x8", "trim: big"),
        ("copyright_year: 2026", "copyright_year: 26"),
        ("keywords: [fox, owl]", "keywords: [fox, 3]"),
        ("title: Small Fox\n", ""),  # required key missing
    ],
)
def test_what_the_loader_refuses_the_schema_refuses(validator, repo, cli, change):
    text = RICH.replace(*change, 1)
    assert text != RICH
    assert not _loads(repo, cli, text)
    assert list(validator.iter_errors(yaml.safe_load(text))) != []


def test_an_unknown_key_is_named_for_the_editor(validator):
    errors = list(validator.iter_errors(yaml.safe_load(RICH.replace("bleed:", "bleeding:"))))
    assert any("'bleeding' was unexpected" in e.message for e in errors)


def test_descriptions_and_defaults_come_from_the_fields(validator):
    props = validator.schema["properties"]
    assert props["trim"]["default"] == "8.5x8.5" and "custom" in props["trim"]["description"]
    assert props["type"]["enum"][:2] == ["picture", "coloring"]
    assert props["narrator"]["properties"]["voice"]["enum"] == ["warm", "bright"]
    assert props["narrator"]["required"] == ["voice"]


def test_write_puts_it_where_book_yaml_points(repo, cli):
    result = cli("schema", "--write")
    assert result.exit_code == 0 and "wrote book.schema.json" in result.output
    assert json.loads((repo / "book.schema.json").read_text()) == json.loads(cli("schema").stdout)
    assert "up to date: book.schema.json" in cli("schema", "--write").output
