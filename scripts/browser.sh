#!/usr/bin/env bash
# The browser the portal's tests drive (test/browser/): Debian's Chromium, driven by playwright-core. No
# browser is downloaded; CHROMIUM_PATH points the tests at another Chromium if one is already installed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
apt_install chromium
command -v chromium >/dev/null || die "chromium is not on PATH after installing it"
