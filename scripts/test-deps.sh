#!/usr/bin/env bash
# Tools the tests read books back with, independent of bookbuild's own reader:
# poppler (pdfinfo -box, pdffonts, pdftotext, pdfimages, pdftoppm), qpdf --check and
# Ghostscript's inkcov device for the PDFs; the W3C's epubcheck (Java) for the ebooks.
# Debian/Ubuntu only; tests that need them skip without them.
set -euo pipefail
exec "$(dirname "$0")/apt-install.sh" "the print and ebook tests" poppler-utils qpdf ghostscript epubcheck
