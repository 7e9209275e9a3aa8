#!/usr/bin/env bash
# Browser tests use Debian's Chromium (/usr/bin/chromium); `playwright install` cannot
# download browsers here. tests/test_briefing.py reads the briefing's PDF with pdftotext
# (Debian's poppler-utils). Install what is missing when we are root; otherwise say how.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's ${missing[*]} for the tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "error: ${missing[*]} missing; install Debian's package(s): sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
