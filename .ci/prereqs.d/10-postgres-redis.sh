#!/usr/bin/env bash
# PostgreSQL and Redis from Debian, started on 127.0.0.1 for the storage and clustering tests.
# Idempotent: safe to run on a machine where they are already installed or running.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The first (and on Debian 12 the only) cluster, reachable over TCP on loopback without a password: CI only.
read -r version name _ < <(pg_lsclusters -h | head -n 1)
hba="/etc/postgresql/$version/$name/pg_hba.conf"
if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
  sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
fi
pg_ctlcluster "$version" "$name" start 2>/dev/null || pg_ctlcluster "$version" "$name" reload
for _ in $(seq 1 50); do pg_isready -h 127.0.0.1 -q && break; sleep 0.2; done
pg_isready -h 127.0.0.1

if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no >/dev/null
fi
for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.2; done
redis-cli -h 127.0.0.1 ping
