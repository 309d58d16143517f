#!/usr/bin/env bash
# Tools the tests read PDFs back with, independent of bookbuild's own reader:
# poppler (pdfinfo -box, pdffonts, pdftotext, pdfimages, pdftoppm), qpdf --check and
# Ghostscript's inkcov device. Debian/Ubuntu only; tests that need them skip without them.
set -euo pipefail
packages=(poppler-utils qpdf ghostscript)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "the print tests need: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
