#!/usr/bin/env bash
# curl and jq run the TAPI orchestrator example (examples/tapi/create-and-delete-service.sh), which
# tests/Continuum.Pce.Api.Tests/Tapi runs against a real server (it fails, not skips, when they are missing). Idempotent.
set -euo pipefail
if command -v curl >/dev/null 2>&1 && command -v jq >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends curl jq >/dev/null
command -v curl >/dev/null && command -v jq >/dev/null
