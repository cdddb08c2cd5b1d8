#!/usr/bin/env bash
# Runs one throughput measurement of a built checkout (docs/performance.md, "Issue 21 A/B"): REST creates through a
# server started as `dotnet run` starts it (loopback ports 15080/15081, a fresh data directory, stopped afterwards), or
# creates through the grains with the LoadTool. Build the checkout in Release first; alternate two checkouts for an A/B.
# A/B throughput runs. Usage: ab.sh WORKTREE LABEL rest [concurrency] | ab.sh WORKTREE LABEL grains TOPOLOGY [extra args]
set -uo pipefail
wt=$1; label=$2; kind=$3; shift 3
cd "$wt"
if [ "$kind" = rest ]; then
  conc=${1:-12}
  data=$(mktemp -d)
  log=$data/server.log
  setsid dotnet run -c Release --no-build --project src/Continuum.Pce.Api -- --Pce:DataDirectory="$data" --Pce:RestUrl=http://127.0.0.1:15080 --Pce:GrpcUrl=http://127.0.0.1:15081 > "$log" 2>&1 &
  pid=$!
  for i in $(seq 1 240); do grep -q "Continuum PCE is running" "$log" && break; sleep 0.5; done
  key=$(cat "$data/admin-api-key")
  start=$(date -u +%H:%M:%S)
  out=$(dotnet run -c Release --no-build --project tools/Continuum.Pce.RestLoad -- --server http://127.0.0.1:15080 --api-key "$key" --requests 6000 --concurrency "$conc" --warmup 8000 2>&1)
  echo "== $label rest c=$conc at $start"; echo "$out" | tail -12
  kill -TERM -- -$pid 2>/dev/null; wait $pid 2>/dev/null
  rm -rf "$data"
else
  topo=$1; shift
  start=$(date -u +%H:%M:%S)
  out=$(dotnet run -c Release --no-build --project tools/Continuum.Pce.LoadTool -- --topology "$topo" "$@" 2>&1)
  echo "== $label grains $topo $* at $start"; echo "$out" | tail -14
fi
