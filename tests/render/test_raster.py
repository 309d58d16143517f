from bookbuild.render.raster import page_images, page_pngs


def test_pages_render_to_images_of_the_page_size(built_small):
    (first, third) = page_images(built_small / "build/small/interior.pdf", dpi=20, pages=[1, 3])
    assert abs(first.size[0] - 5.125 * 20) <= 1 and abs(first.size[1] - 8.25 * 20) <= 1
    # the title page is mostly white paper; a story page is a full-bleed picture
    assert first.convert("L").resize((1, 1)).getpixel((0, 0)) > 240
    assert third.convert("L").resize((1, 1)).getpixel((0, 0)) < 230


def test_pngs_are_cached_by_pdf_content(built_small, tmp_path):
    pdf = built_small / "build/small/cover.pdf"
    first = page_pngs(pdf, tmp_path, dpi=10)
    assert len(first) == 1 and first[0].read_bytes()[:4] == b"\x89PNG"
    mtime = first[0].stat().st_mtime_ns
    assert page_pngs(pdf, tmp_path, dpi=10) == first
    assert first[0].stat().st_mtime_ns == mtime
