"""Character consistency with reference pictures, against the fake with the real client:
one reference picture per character of book.yaml, drawn once and cached as its own task,
attached (images.edit, multipart) to every picture that shows them and part of its key;
the text-only path for servers without images.edit, found out once."""

from __future__ import annotations

import json
import logging
import re

import pytest

from helpers import PIP_AND_TESS, write_files
from fakes.openai_server import fake_openai  # noqa: F401  (fixture, used by name)

BOOK = PIP_AND_TESS
WHO = {1: "Pip", 2: "Tess", 3: "Pip and Tess", 4: "nobody"}


def page(n: int) -> str:
    who = WHO[(n - 1) % 4 + 1]
    names = {"Pip": "[Pip]", "Tess": "[Tess]", "Pip and Tess": "[Pip, Tess]", "nobody": "[]"}[who]
    return f"---\nillustration: {who} in the meadow, scene {n}\ncharacters: {names}\n---\nPage {n} of the story.\n"


@pytest.fixture
def ref_repo(fake_openai, tmp_path, monkeypatch):
    pages = {f"books/pt/pages/{n:02d}.md": page(n) for n in range(1, 22)}
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\njobs = 4\n', "books/pt/book.yaml": BOOK, **pages})
    monkeypatch.chdir(root)
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    return root


def scene(body: dict) -> int:
    found = re.search(r"in the meadow, scene (\d+)", body["prompt"])
    return int(found.group(1)) if found else 0


def references(fake) -> dict[str, str]:
    """name -> sha256 of the reference picture the fake drew for that name."""
    found = {}
    for entry in fake.logged("/images/generations"):
        if "character reference picture" in entry.body["prompt"]:
            name = next(n for n in ("Pip", "Tess") if f"{n}:" in entry.body["prompt"])
            found[name] = entry.pictures[0]
    return found


def test_each_character_is_drawn_once_and_attached_to_every_picture_showing_them(ref_repo, fake_openai, cli):
    result = cli("build")
    assert result.exit_code == 0, result.output
    refs = references(fake_openai)
    assert sorted(refs) == ["Pip", "Tess"]  # once each, as their own tasks
    assert {b["size"] for b in fake_openai.bodies("/images/generations") if "character reference" in b["prompt"]} == {"1024x1024"}
    edits = fake_openai.bodies("/images/edits")
    by_scene = {scene(b): b for b in edits if scene(b)}
    for n, body in by_scene.items():
        who = WHO[(n - 1) % 4 + 1]
        attached = [f["sha256"] for f in body["image[]"]] if "image[]" in body else [f["sha256"] for f in body["image"]]
        assert attached == [refs[name] for name in ("Pip", "Tess") if name in who], n
        assert body["input_fidelity"] == "high" and "The attached pictures show" in body["prompt"]
    shown = {n for n in range(1, 22) if WHO[(n - 1) % 4 + 1] != "nobody"}
    assert set(by_scene) == shown
    # Pictures that show nobody need no reference: plain images.generate.
    plain = [b for b in fake_openai.bodies("/images/generations") if "nobody in the meadow" in b["prompt"]]
    assert len(plain) == 21 - len(shown)
    # The cover shows both, with both attached.
    (cover,) = [b for b in edits if "front-cover" in b["prompt"]]
    assert len(cover.get("image[]", cover.get("image"))) == 2
    manifest = json.loads((ref_repo / "build/pt/manifest.json").read_text())
    assert {t["task"] for t in manifest["tasks"] if t["kind"] == "reference"} == {"reference:pip", "reference:tess"}
    assert manifest["totals"]["cost"] == pytest.approx(fake_openai.billed(), abs=1e-4)  # the reference pictures sent are paid for too

    fake_openai.reset()
    assert cli("build").exit_code == 0
    assert fake_openai.count() == 0


def test_a_new_look_redraws_the_reference_and_exactly_the_pictures_showing_it(ref_repo, fake_openai, cli):
    assert cli("build").exit_code == 0
    fake_openai.reset()
    yaml_path = ref_repo / "books/pt/book.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("a blue shell", "a red shell"))
    assert cli("build").exit_code == 0
    assert list(references(fake_openai)) == ["Tess"]
    redrawn = fake_openai.bodies("/images/edits")
    scenes = sorted(scene(b) for b in redrawn if scene(b))
    assert scenes == [n for n in range(1, 22) if "Tess" in WHO[(n - 1) % 4 + 1]]
    assert all("red shell" in b["prompt"] for b in redrawn) and len(redrawn) == len(scenes) + 1  # and the cover
    assert not [b for b in fake_openai.bodies("/images/generations") if "character reference" not in b["prompt"]]


def test_a_server_without_edits_gets_the_text_only_path_found_out_once(ref_repo, fake_openai, cli, caplog):
    fake_openai.edits_supported = False
    caplog.set_level(logging.WARNING)
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert fake_openai.count("/images/edits") == 1  # one 404 (free), then never asked again
    assert [r.status for r in fake_openai.logged("/images/edits")] == [404]
    drawn = fake_openai.drawn()
    assert len(drawn) == 21 + 1 + 2  # every page, the cover, the two reference pictures
    assert all("The attached pictures" not in b["prompt"] for b in drawn)
    assert all("- Pip: a small orange fox with a green scarf" in b["prompt"] for b in drawn if "Pip in the meadow" in b["prompt"])
    assert "has no images.edit endpoint" in caplog.text


def test_reference_pictures_can_be_turned_off(ref_repo, fake_openai, cli):
    (ref_repo / "bookbuild.toml").write_text('cache_dir = ".cache"\njobs = 4\n[openai]\nreference_images = false\n')
    assert cli("build").exit_code == 0
    assert fake_openai.count("/images/edits") == 0 and references(fake_openai) == {}
    assert len(fake_openai.drawn()) == 22


def test_a_look_book_yaml_gives_is_drawn_without_waiting_for_the_story(fake_openai, tmp_path, monkeypatch):
    """Tess's look is in book.yaml: her reference needs no story and is drawn while it is
    written. Pip's is not: his look comes from the story's character bible, so he waits."""
    from bookbuild.engine.build import plan_graph
    from bookbuild.project import Project

    book = BOOK.replace("    visual: a small orange fox with a green scarf\n", "    role: hero\n    description: a curious fox\n") + "theme: courage\n"
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/pt/book.yaml": book})
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    project = Project.open(root)
    graph = plan_graph(project, project.load_books(()))
    project.cache.close()

    assert graph.tasks["pt/reference:tess"].deps == ()
    assert graph.tasks["pt/reference:pip"].deps == ("pt/story",)
