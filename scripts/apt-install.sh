#!/usr/bin/env bash
# apt-install.sh WHAT PACKAGE...: install the Debian packages that are missing (as root),
# or say what to run. WHAT names what needs them, for the message.
set -euo pipefail
what=$1; shift
missing=()
for p in "$@"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "$what needs: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
