#!/usr/bin/env bash
# Headless Chromium for the live-preview browser test (tests/commands/serve/test_browser.py),
# which drives Debian's chromium package over the DevTools protocol: no Playwright,
# no browser download. Without it that one test is skipped, with the reason.
# Debian/Ubuntu only. Call from CI before `make test`.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "the browser test needs chromium; run: sudo apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends chromium fonts-liberation || { apt-get update -q && apt-get install -y -q --no-install-recommends chromium fonts-liberation; }
/usr/bin/chromium --version
