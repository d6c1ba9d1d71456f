#!/usr/bin/env bash
# Soak check: runs one test against a local target for a while and samples the service's heap
# after a full GC once per interval, so that memory growth per request would show.
#
#   bench/soak.sh                      # 10 min at 2000 req/s, 50 connections, sample each 60 s
#   MINUTES=30 RATE=5000 bench/soak.sh
#
# Environment: MINUTES (test length, minutes), RATE (requests per second), CONNECTIONS,
# SAMPLE_SECONDS (heap sample interval, seconds), WARMUP_SAMPLES (samples before the growth
# baseline), HEAP (service -Xmx). The target is the demo's "quick" server in a second JVM, so the
# service's heap holds the service alone. Every server binds to 127.0.0.1.
set -euo pipefail

MINUTES=${MINUTES:-10}
RATE=${RATE:-2000}
CONNECTIONS=${CONNECTIONS:-50}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-60}
WARMUP_SAMPLES=${WARMUP_SAMPLES:-2}
HEAP=${HEAP:-512m}

cd "$(dirname "$0")/.."
JAR=target/oha-streaming-service.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests
WORK=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
TARGET_PORT=$(free_port)
SERVICE_PORT=$(free_port)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

PORT=$TARGET_PORT DATA_DIR= java -Doha.http.host=127.0.0.1 -jar "$JAR" --demo >"$WORK/target.log" 2>&1 &
pids+=($!)
PORT=$SERVICE_PORT DATA_DIR="$WORK/data" java -Xmx"$HEAP" -XX:+UseG1GC -Doha.http.host=127.0.0.1 \
  -jar "$JAR" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
pids+=($SERVICE_PID)

for _ in $(seq 100); do
  grep -q 'quick  ->' "$WORK/target.log" 2>/dev/null \
    && curl -sf "http://127.0.0.1:$SERVICE_PORT/health" >/dev/null && break
  sleep 0.2
done
TARGET_URL=$(sed -n 's/.*quick  -> \(http[^ ]*\).*/\1/p' "$WORK/target.log" | head -1)
[ -n "$TARGET_URL" ] || { echo "target did not start: $(cat "$WORK/target.log")" >&2; exit 1; }

DURATION=$((MINUTES * 60))
TEST_ID=$(curl -sf -X POST "http://127.0.0.1:$SERVICE_PORT/api/test/start" \
  -H 'Content-Type: application/json' \
  -d "{\"node_url\":\"$TARGET_URL\",\"duration_seconds\":$DURATION,\"connections\":$CONNECTIONS,\"rate_per_second\":$RATE}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["test_id"])')

echo "soak: test $TEST_ID, $MINUTES min at $RATE req/s, $CONNECTIONS connections, $(nproc) cores"
echo "| minute | heap used after GC (MiB) | requests sent |"
echo "| --- | --- | --- |"
samples=()
elapsed=0
while [ "$elapsed" -lt "$DURATION" ]; do
  sleep "$SAMPLE_SECONDS"
  elapsed=$((elapsed + SAMPLE_SECONDS))
  jcmd "$SERVICE_PID" GC.run >/dev/null
  used_kib=$(jcmd "$SERVICE_PID" GC.heap_info | sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1)
  sent=$(curl -sf "http://127.0.0.1:$SERVICE_PORT/api/test/status/$TEST_ID" \
    | python3 -c 'import json,sys; t=json.load(sys.stdin)["targets"][0]; print((t["progress"] or {}).get("requests_sent", 0))')
  samples+=("$used_kib")
  printf '| %s | %.1f | %s |\n' "$((elapsed / 60))" "$(echo "$used_kib / 1024" | bc -l)" "$sent"
done

for _ in $(seq 50); do
  status=$(curl -sf "http://127.0.0.1:$SERVICE_PORT/api/test/status/$TEST_ID")
  echo "$status" | grep -q '"status":"Running"' || break
  sleep 0.2
done
echo "$status" | python3 -c '
import json,sys
r=json.load(sys.stdin)["targets"][0]["results"]
print("results: total %d, failed %d, unsent %d, rps %.1f, p99 %.2f ms, verdict %s" % (
  r["total_requests"], r["failed_requests"], r["unsent_requests"], r["requests_per_second"],
  r["p99_latency_ms"], r["generator"]["verdict"]))'
if [ "${#samples[@]}" -gt "$WARMUP_SAMPLES" ]; then
  base=${samples[$((WARMUP_SAMPLES - 1))]}
  last=${samples[$((${#samples[@]} - 1))]}
  printf 'growth after warm-up (sample %d to the last): %+.1f MiB\n' \
    "$WARMUP_SAMPLES" "$(echo "($last - $base) / 1024" | bc -l)"
fi
