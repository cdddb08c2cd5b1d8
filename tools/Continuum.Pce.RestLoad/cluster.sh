#!/usr/bin/env bash
# Cluster throughput and failover (issue 23), on this machine: N servers (default 3) on one PostgreSQL database and one
# Redis membership table, devices not rendered; creates/s through REST against one server and against all of them, then
# a run that kills one server with SIGKILL mid-burst (failover time, lightpaths lost). Loopback only; PostgreSQL on
# 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379 must be running. Builds nothing: run after
#   dotnet build -c Release src/Continuum.Pce.Api && dotnet build -c Release tools/Continuum.Pce.RestLoad
# Usage: tools/Continuum.Pce.RestLoad/cluster.sh [SERVERS] [REQUESTS] [CONCURRENCY] [TOPOLOGY]
set -euo pipefail
cd "$(dirname "$0")/../.."
servers=${1:-3}
requests=${2:-3000}
concurrency=${3:-32}
topology=$(realpath "${4:-topologies/continuum-demo.json}")
server_dll=$PWD/src/Continuum.Pce.Api/bin/Release/net10.0/Continuum.Pce.Api.dll
load_dll=$PWD/tools/Continuum.Pce.RestLoad/bin/Release/net10.0/Continuum.Pce.RestLoad.dll
run=$(date +%s)-$$
database=pce_cluster_load_${run//-/_}
data=$(mktemp -d /tmp/pce-cluster-load-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $database"
connection="Host=127.0.0.1;Port=5432;Username=postgres;Database=$database"
urls=()
for i in $(seq 0 $((servers - 1))); do
  rest=$((5380 + i)); grpc=$((5390 + i)); silo=$((11380 + i)); gateway=$((30380 + i))
  DOTNET_gcServer=0 dotnet "$server_dll" --Pce:DataDirectory="$data" --Pce:RestUrl=http://127.0.0.1:$rest --Pce:GrpcUrl=http://127.0.0.1:$grpc \
    --Pce:InitialTopology="$topology" --Pce:Emulator:Enabled=false --Pce:Telemetry=false --Devices:Renderer=none \
    --Storage:Provider=postgres --Storage:PostgresConnectionString="$connection" \
    --Clustering:Provider=redis --Clustering:Redis=127.0.0.1:6379 --Clustering:ClusterId=pce-load-$run \
    --Clustering:SiloPort=$silo --Clustering:GatewayPort=$gateway \
    --Clustering:Membership:ProbeTimeout=00:00:02 --Clustering:Membership:NumMissedProbesLimit=2 \
    --Clustering:Membership:NumVotesForDeathDeclaration=1 --Clustering:Membership:TableRefreshTimeout=00:00:02 \
    --Logging:LogLevel:Default=Warning >"$data/server$i.log" 2>&1 &
  pids+=($!)
  urls+=("http://127.0.0.1:$rest")
done
started=$(date +%s.%N)
for url in "${urls[@]}"; do
  for _ in $(seq 1 600); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready")" = 200 ]; then break; fi
    sleep 0.5
  done
done
echo "$servers servers ready in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
key=$(tr -d '\n' < "$data/admin-api-key")
all=$(IFS=,; echo "${urls[*]}")
echo "== one server (${urls[0]}), load: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$load_dll" --server "${urls[0]}" --api-key "$key" --requests "$requests" --concurrency "$concurrency" --warmup 300 --max-seconds 300
echo "== all $servers servers ($all), load: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$load_dll" --server "$all" --api-key "$key" --requests "$requests" --concurrency "$concurrency" --warmup 300 --max-seconds 300
victim=$((servers - 1))
echo "== failover: server $victim killed 10 s into the burst, no churn, load: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$load_dll" --server "$all" --api-key "$key" --requests "$requests" --concurrency "$concurrency" --warmup 0 --max-seconds 300 --no-churn \
  --kill-pid "${pids[$victim]}" --kill-server "$victim" --kill-after 10
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
