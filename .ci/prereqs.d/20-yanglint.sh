#!/usr/bin/env bash
# yanglint (libyang 2) compares models/yang with OpenConfig's own modules (../shared/reference/openconfig) and validates
# every payload the southbound renderer can emit and every device tree the emulator serves against them
# (tests/Continuum.Pce.Southbound.Gnmi.Tests fail, not skip, when it is missing). Idempotent.
set -euo pipefail
if command -v yanglint >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends libyang2-tools >/dev/null
command -v yanglint >/dev/null
