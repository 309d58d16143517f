#!/usr/bin/env bash
# System libraries bookbuild needs that pip cannot install: Pango for WeasyPrint.
# Debian/Ubuntu only; on other systems see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html
set -euo pipefail
exec "$(dirname "$0")/apt-install.sh" bookbuild libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
