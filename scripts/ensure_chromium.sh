#!/usr/bin/env bash
# Browser tests use Debian's Chromium (/usr/bin/chromium); `playwright install` cannot
# download browsers here. Install it when missing and we are root; otherwise say how.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "error: /usr/bin/chromium is missing; install Debian's 'chromium' package (sudo apt-get install chromium)" >&2
  exit 1
fi
