#!/usr/bin/env bash
# An orchestrator's round trip through TAPI 2.5 over RESTCONF alone (docs/tapi.md): discover the service-interface-points
# of two transponders, create a 400G connectivity service between them with a latency bound, wait for it to be in service,
# show its L0 attributes, delete it, and check it is gone. Needs curl and jq.
#   PCE_URL      the server (default http://127.0.0.1:5080)
#   PCE_API_KEY  an operator (or admin) key
#   A, Z         transponders (default AMS-TRX and RTM-TRX of continuum-demo); RATE in Gb/s (default 400)
set -euo pipefail
PCE_URL=${PCE_URL:-http://127.0.0.1:5080}
: "${PCE_API_KEY:?set PCE_API_KEY to an operator key}"
A=${A:-AMS-TRX}
Z=${Z:-RTM-TRX}
RATE=${RATE:-400}
CTX="$PCE_URL/restconf/data/tapi-common:context"
BODY=$(mktemp)
trap 'rm -f "$BODY"' EXIT

# rc METHOD URL [JSON]: one RESTCONF call; the body goes to $BODY, the HTTP status to stdout.
rc() {
  local args=(-sS -o "$BODY" -w '%{http_code}' -X "$1" -H "X-API-Key: $PCE_API_KEY" -H 'Accept: application/yang-data+json')
  if [ $# -ge 3 ]; then args+=(-H 'Content-Type: application/yang-data+json' --data-binary "$3"); fi
  curl "${args[@]}" "$2"
}

expect() { # expect STATUS GOT WHAT
  if [ "$2" != "$1" ]; then echo "$3: HTTP $2 (expected $1)" >&2; cat "$BODY" >&2; echo >&2; exit 1; fi
}

# 1. Discover: the first service-interface-point (a client port) of each transponder.
expect 200 "$(rc GET "$CTX/service-interface-point")" "list service-interface-points"
sip() { jq -r --arg t "$1" '[."tapi-common:service-interface-point"[] | select(any(.name[]; ."value-name" == "transponder" and .value == $t))][0].uuid // empty' "$BODY"; }
SIP_A=$(sip "$A"); SIP_Z=$(sip "$Z")
[ -n "$SIP_A" ] && [ -n "$SIP_Z" ] || { echo "no service-interface-point for $A or $Z" >&2; exit 1; }
echo "SIPs: $A $SIP_A, $Z $SIP_Z"

# 2. Create a connectivity service (the client chooses its UUID), latency at most 5 ms.
UUID=$(cat /proc/sys/kernel/random/uuid)
SERVICE=$(jq -n --arg u "$UUID" --arg a "$SIP_A" --arg z "$SIP_Z" --arg r "$RATE" '{
  "tapi-connectivity:connectivity-service": [{
    "uuid": $u,
    "layer-protocol-name": "PHOTONIC_MEDIA",
    "end-point": [
      {"local-id": "a", "service-interface-point": {"service-interface-point-uuid": $a}},
      {"local-id": "z", "service-interface-point": {"service-interface-point-uuid": $z}}],
    "connectivity-constraint": {"service-type": "POINT_TO_POINT_CONNECTIVITY",
      "requested-capacity": {"total-size": {"value": $r, "unit": "tapi-common:CAPACITY_UNIT_GBPS"}}},
    "routing-constraint": {"max-allowed-delay": {"value": "5000"}, "route-objective-function": "MIN_WORK_ROUTE_LATENCY"}}]}')
expect 201 "$(rc POST "$CTX/tapi-connectivity:connectivity-context" "$SERVICE")" "create connectivity-service"
URL="$CTX/tapi-connectivity:connectivity-context/connectivity-service=$UUID"
echo "created $UUID"

# 3. Read it back: lifecycle, operational state and the L0 attributes the server chose.
expect 200 "$(rc GET "$URL")" "read connectivity-service"
jq -r '."tapi-connectivity:connectivity-service"[0] as $s
  | ($s."end-point"[0]."layer-protocol-constraint"[0]) as $l
  | "state: \($s."lifecycle-state") / \($s."operational-state")",
    "central frequency: \($l."tapi-photonic-media:otsi-mcg-connectivity-service-end-point-spec"."otsi-mc-frequency-config-pac"[0]."central-frequency") Hz",
    "width: \($l."tapi-photonic-media:otsi-mcg-connectivity-service-end-point-spec"."otsi-mc-frequency-config-pac"[0]."spectrum-bandwidth") Hz",
    "modulation: \($l."tapi-photonic-media:otsia-connectivity-service-end-point-spec"."otsi-config"[0]."common-explicit"."standard-modulation-type")",
    "latency: \([$s.name[] | select(."value-name" == "latency-us")][0].value) us, estimated GSNR: \([$s.name[] | select(."value-name" == "estimated-gsnr-db")][0].value) dB"' "$BODY"
STATE=$(jq -r '."tapi-connectivity:connectivity-service"[0]."operational-state"' "$BODY")
[ "$STATE" = "ENABLED" ] || { echo "service is $STATE, not ENABLED" >&2; exit 1; }

# 4. Delete it (204: the devices are clear), and check it is gone (404 with an ietf-restconf:errors body).
expect 204 "$(rc DELETE "$URL")" "delete connectivity-service"
expect 404 "$(rc GET "$URL")" "read the deleted connectivity-service"
echo "deleted $UUID: $(jq -r '."ietf-restconf:errors".error[0]."error-message"' "$BODY")"
