"""Live preview: `bookbuild watch` and `bookbuild serve`.

- watcher.py: file events (watchdog) -> which saves matter -> one batch per burst
- loop.py:    the watch loop: each batch is one run of the ordinary incremental build
- console.py: what the terminal shows after each rebuild
- state.py:   what the preview page shows, as JSON, with a version for live reload
- pages.py:   page images of the built PDFs (bookbuild.render.raster), cached by PDF hash
- server.py:  the local web server (standard library): page, assets, build output, SSE
"""
