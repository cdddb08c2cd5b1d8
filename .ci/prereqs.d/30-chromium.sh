#!/usr/bin/env bash
# Debian's Chromium for the topology editor's browser tests (tests/Continuum.Pce.Editor.Tests drive /usr/bin/chromium
# with Microsoft.Playwright; Playwright's own browser download is never used). Idempotent.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium chromium-driver >/dev/null
/usr/bin/chromium --version
