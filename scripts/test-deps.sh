#!/usr/bin/env bash
# Tools the tests read PDFs back with, independent of bookbuild's own reader:
# poppler (pdfinfo -box, pdffonts, pdftotext, pdfimages, pdftoppm), qpdf --check and
# Ghostscript's inkcov device. Debian/Ubuntu only; tests that need them skip without them.
set -euo pipefail
exec "$(dirname "$0")/apt-install.sh" "the print tests" poppler-utils qpdf ghostscript
