"""`bookbuild canva export` against the fake Canva: uploads, autofill, export, preflight,
the cache (a re-export calls Canva for nothing), and no token anywhere it must not be."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from helpers.canva import STORY_PAGES, canva_cli, canva_repo, distinct_pictures, uploads  # noqa: F401  (fixtures, used by name)
from fakes.canva_server import TEMPLATE_ID, fake_canva, picture_book_template  # noqa: F401  (fixtures, used by name)

def test_export_fills_the_template_and_a_reexport_calls_canva_for_nothing(canva_repo, fake_canva, canva_cli, caplog):
    caplog.set_level(logging.DEBUG)
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 0, result.output
    pdf = canva_repo / "build/small/canva.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    pictures = distinct_pictures(canva_repo)
    assert uploads(fake_canva) == pictures  # each distinct picture once: keyed by content
    assert fake_canva.count("POST", "/rest/v1/autofills") == 1 and fake_canva.count("POST", "/rest/v1/exports") == 1
    data = fake_canva.autofills[0]["data"]
    assert data["title"] == {"type": "text", "text": "Small Fox"} and data["author"]["text"] == "Test Author"
    assert data["page_3_text"]["text"] == "This is page 3. Pip smiles."
    assert data["page_3_image"]["type"] == "image" and data["cover_image"]["type"] == "image"
    assert len({data[f"page_{n}_image"]["asset_id"] for n in range(1, STORY_PAGES + 1)} | {data["cover_image"]["asset_id"]}) == pictures
    assert f"{pictures} of {pictures} distinct pictures uploaded" in result.output and "build/small/canva.pdf" in result.output
    assert "clean: no findings" in result.output

    fake_canva.reset_log()
    again = canva_cli("canva", "export", "small")
    assert again.exit_code == 0, again.output
    assert uploads(fake_canva) == 0 and fake_canva.count("POST", "/rest/v1/autofills") == 0 and fake_canva.count("POST", "/rest/v1/exports") == 0
    assert "nothing to do, every Canva task cached" in again.output

    secrets = fake_canva.issued
    assert secrets
    places = {"output": result.output + again.output, "log": caplog.text}
    places |= {str(p): p.read_bytes().decode("latin-1") for p in canva_repo.rglob("*") if p.is_file()}  # manifest, cache, PDFs
    for where, text in places.items():
        assert not any(s in text for s in secrets), f"a token leaked into {where}"


def test_editing_one_page_text_autofills_again_and_uploads_nothing(canva_repo, fake_canva, canva_cli):
    assert canva_cli("canva", "export", "small").exit_code == 0
    page = canva_repo / "books/small/pages/05.md"
    page.write_text(page.read_text().replace("This is page 5. Pip smiles.", "Pip *finds* a shiny stone."))
    fake_canva.reset_log()
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 0, result.output
    assert uploads(fake_canva) == 0 and fake_canva.count("POST", "/rest/v1/autofills") == 1
    assert fake_canva.autofills[0]["data"]["page_5_text"] == {"type": "text", "text": "Pip finds a shiny stone."}  # Markdown as plain text
    assert "0 of" in result.output and "autofill ran, export ran" in result.output


def test_a_book_can_name_its_own_template_and_fields(canva_repo, fake_canva, canva_cli):
    fake_canva.templates["BTtextonly"] = picture_book_template("BTtextonly", title="Words only")
    book = canva_repo / "books/small/book.yaml"
    book.write_text(book.read_text() + 'canva:\n  brand_template_id: BTtextonly\n  fields:\n    "page_{n}_text": page.text\n    author: copyright\n')
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 0, result.output
    assert uploads(fake_canva) == 0  # no image field is mapped: no picture goes to Canva
    request = fake_canva.autofills[0]
    assert request["brand_template_id"] == "BTtextonly"
    assert set(request["data"]) == {f"page_{n}_text" for n in range(1, STORY_PAGES + 1)} | {"author"}
    assert request["data"]["author"]["text"] == "© 2026 Test Author"


def test_a_mapping_that_does_not_fit_the_template_names_its_fields(canva_repo, fake_canva, canva_cli):
    with open(canva_repo / "bookbuild.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[canva.fields]\ntitel = "title"\ncover_image = "title"\n"page_{n}_text" = "page.text"\n')
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 2
    assert "[canva.fields] in bookbuild.toml" in result.output
    assert "titel: the template has no field of that name (did you mean 'title'?)" in result.output
    assert "cover_image: the template field takes image, but title is text" in result.output
    assert "the template's fields: author (text), cover_image (image), page_{n}_image (image, n = 1-21), page_{n}_text (text, n = 1-21), title (text)" in result.output
    assert uploads(fake_canva) == 0  # checked before anything is uploaded


def test_mapping_mistakes_in_book_yaml_are_spec_errors(canva_repo, canva_cli):
    book = canva_repo / "books/small/book.yaml"
    book.write_text(book.read_text() + "canva:\n  brand_template: BTx\n")
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 2
    assert "books/small/book.yaml" in result.output and "books/small/book.yaml:16: canva.brand_template: unknown key (did you mean 'brand_template_id'?)" in result.output
    book.write_text(book.read_text().replace("brand_template: BTx", "fields:\n    page_text: page.text\n    cover: covr"))
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 2
    assert "page.text fills every page, so the field name needs {n}" in result.output
    assert "'covr' is not a book field (did you mean 'cover'?" in result.output


def test_a_template_without_bleed_gets_a_note_on_its_size(canva_repo, fake_canva, canva_cli):
    fake_canva.templates[TEMPLATE_ID].size_in = (5.0, 8.0)  # the trim: Canva cannot add bleed
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 1  # KDP's page-size check fails
    assert "error [page-size]" in result.output
    assert "Canva's PDF export has no bleed option, so the brand template itself must be sized trim + bleed: 5.125 x 8.25 in" in result.output


def test_export_needs_a_sign_in_and_a_template(canva_repo, canva_cli):
    Path(os.environ["BOOKBUILD_CANVA_TOKENS"]).unlink()
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 2 and "not signed in to Canva" in result.output and "bookbuild canva login" in result.output
    (canva_repo / "bookbuild.toml").write_text('cache_dir = ".cache"\n')
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 2 and "no brand template to fill: set brand_template_id in [canva]" in result.output


def test_templates_lists_them_and_suggests_a_mapping(canva_repo, canva_cli):
    listed = canva_cli("canva", "templates")
    assert f"{TEMPLATE_ID}  Picture book 5x8" in listed.output
    shown = canva_cli("canva", "templates", TEMPLATE_ID)
    assert 'title = "title"' in shown.output and 'cover_image = "cover"' in shown.output
    assert '"page_{n}_text" = "page.text"' in shown.output and '"page_{n}_image" = "page.image"' in shown.output
