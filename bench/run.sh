#!/usr/bin/env bash
# The benchmark suite: this engine side by side with wrk, on 127.0.0.1 only.
#
#   bench/run.sh                      # everything, 10 s runs (about 12 minutes)
#   QUICK=1 bench/run.sh              # short pass (about 4 minutes)
#   ONLY=throughput,rate bench/run.sh # some sections
#
# Settings (environment):
#   QUICK=1          3 s runs, 10 s coordinated-omission runs
#   DURATION=10s     length of each measured run
#   WARMUP=5s        engine --warmup before each run (not counted); the JVM needs
#                    3-4 s here before its first responses, so 2 s is too short
#   PAIRS=2          how many engine/wrk A-B pairs per comparison (2 or more)
#   ONLY=a,b         sections: throughput,rate,floor,co,aa,usecase,cost
#   SOAK=1           cost section runs 5 minutes instead of COST_DURATION (20 s)
#   JAR=path         engine jar (default target/oha-streaming-service.jar)
#   JAVA_OPTS=...    extra JVM flags for the engine
#   TRANSPORT=netty  the engine's load-path transport (-Doha.transport=...; the
#                    jar's default when unset, akka-http at the time of writing)
#   PIN=0            do not pin (default pins targets to CPU 1, generators to CPU 0)
#   REQUIRE_ALL=1    exit if any tool is missing instead of skipping sections
#   QUIET_WAIT_S=10  before each run, wait up to this long for other load to stop
#   BUN=path         Bun binary (default bench/.tools/node_modules/@oven/bun-linux-x64/bin/bun)
#
# It installs nothing: missing tools are reported with the command that
# installs them, and the sections that need them are skipped.
# Raw outputs go to bench/out/<timestamp>/ (bench/out/latest points at the last
# run); the markdown summary goes to stdout and bench/out/summary.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=lib/common.sh
source "$BENCH_DIR/lib/common.sh"

# "10s", "2m" or "10" -> whole seconds.
to_seconds() {
  local v=$1
  case $v in
    *ms) die "durations are whole seconds here, got $v" ;;
    *m) echo $(( ${v%m} * 60 )) ;;
    *s) echo "${v%s}" ;;
    *) echo "$v" ;;
  esac
}

# ---- settings -------------------------------------------------------------
QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
  DURATION=${DURATION:-3s}; WARMUP=${WARMUP:-5s}; CO_DURATION=${CO_DURATION:-10s}
  COST_DURATION=${COST_DURATION:-$DURATION}; PRIME_S=${PRIME_S:-1}
else
  DURATION=${DURATION:-10s}; WARMUP=${WARMUP:-5s}; CO_DURATION=${CO_DURATION:-20s}
  COST_DURATION=${COST_DURATION:-20s}; PRIME_S=${PRIME_S:-2}
fi
[[ ${SOAK:-0} == 1 ]] && COST_DURATION=5m
DUR_S=$(to_seconds "$DURATION")
WARMUP_S=$(to_seconds "$WARMUP")
COST_S=$(to_seconds "$COST_DURATION")
# The stall server repeats every 5 s; a whole number of cycles keeps the share
# of frozen arrivals at exactly 1/5 (see report.py), so round up to one.
CO_S=$(( ( $(to_seconds "$CO_DURATION") + 4 ) / 5 * 5 ))
# The co warm-up is 2 s plus whole cycles (2, 7, 12 s ...), at least WARMUP:
# then the measured window starts and ends 2 s after a freeze (see section_co).
CO_WARMUP_S=$(( 2 + ( WARMUP_S > 2 ? (WARMUP_S - 2 + 4) / 5 * 5 : 0 ) ))
PAIRS=${PAIRS:-2}
(( PAIRS >= 2 )) || die "PAIRS must be 2 or more so drift between runs shows"
ALL_SECTIONS=throughput,rate,floor,co,aa,usecase,cost
ONLY=${ONLY:-$ALL_SECTIONS}
JAR=${JAR:-$REPO_ROOT/target/oha-streaming-service.jar}
JAVA_OPTS=${JAVA_OPTS:-}
TRANSPORT=${TRANSPORT:-}
[[ -n $TRANSPORT ]] && JAVA_OPTS="$JAVA_OPTS -Doha.transport=$TRANSPORT"
PIN=${PIN:-1}; GEN_CPU=${GEN_CPU:-0}; TARGET_CPU=${TARGET_CPU:-1}
REQUIRE_ALL=${REQUIRE_ALL:-0}
QUIET_WAIT_S=${QUIET_WAIT_S:-10}
BUN=${BUN:-$BENCH_DIR/.tools/node_modules/@oven/bun-linux-x64/bin/bun}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
RATES=${RATES:-100 1000 10000}
export BENCH_DURATION_S=$DUR_S BENCH_CO_S=$CO_S BENCH_COST_S=$COST_S BENCH_QUICK=$QUICK \
  BENCH_SOAK=${SOAK:-0} BENCH_RATES=$RATES

OUT_DIR=$BENCH_DIR/out
RAW=$OUT_DIR/$(date +%Y%m%d-%H%M%S)
mkdir -p "$RAW"
ln -sfn "$(basename "$RAW")" "$OUT_DIR/latest"
: >"$RAW/runs.tsv"
: >"$RAW/skipped.tsv"

cleanup() { stop_bg; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- tools: check, never install --------------------------------------------
declare -A HAVE=() INSTALL=()
INSTALL[wrk]="apt-get install -y wrk nginx"
INSTALL[nginx]="apt-get install -y wrk nginx"
INSTALL[node]="apt-get install -y nodejs   (Node 20 or later)"
INSTALL[bun]="npm install --prefix bench/.tools @oven/bun-linux-x64"
INSTALL[java]="apt-get install -y openjdk-17-jdk-headless"
INSTALL[engine]="mvn -B -q package -DskipTests   (in the repo root; or set JAR=path)"

check_tools() {
  command -v python3 >/dev/null || die "python3 is required (the report is stdlib Python)"
  command -v wrk >/dev/null && HAVE[wrk]=1
  [[ -x $NGINX ]] && HAVE[nginx]=1
  command -v node >/dev/null && HAVE[node]=1
  if [[ ! -x $BUN ]] && command -v bun >/dev/null; then BUN=$(command -v bun); fi
  [[ -x $BUN ]] && HAVE[bun]=1
  command -v java >/dev/null && HAVE[java]=1
  # The engine counts only if the jar has the `run` command. Look inside the
  # jar rather than execute it: a jar without `run` would start the service.
  if [[ -n ${HAVE[java]:-} && -f $JAR ]] && python3 -c '
import sys, zipfile
sys.exit(0 if "dev/ohastreaming/cli/RunCommand.class" in zipfile.ZipFile(sys.argv[1]).namelist() else 1)
' "$JAR" 2>/dev/null; then
    HAVE[engine]=1
    timeout 30 java -jar "$JAR" --help >"$RAW/engine-help.txt" 2>&1 || true
  fi
  local t missing=0
  for t in wrk nginx node bun java engine; do
    if [[ -n ${HAVE[$t]:-} ]]; then
      log "found $t"
    else
      missing=1
      log "MISSING $t — install with: ${INSTALL[$t]}"
      [[ $t == engine ]] && log "  (looked for $JAR with a run command, dev/ohastreaming/cli/RunCommand)"
    fi
  done
  if (( missing )) && [[ $REQUIRE_ALL == 1 ]]; then
    die "REQUIRE_ALL=1 and tools are missing (see above)"
  fi
  return 0
}
have() { [[ -n ${HAVE[$1]:-} ]]; }

# ---- machine facts ----------------------------------------------------------
first_line() { "$@" 2>&1 | head -n 1 || true; }
write_facts() {
  local f=$RAW/facts.md gc="n/a"
  if have java; then
    gc=$("${GEN_PIN[@]}" java $JAVA_OPTS -XX:+PrintCommandLineFlags -version 2>&1 \
      | grep -o 'Use[A-Za-z]*GC' | head -n 1 || true)
  fi
  {
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); bench commit: $(git -C "$BENCH_DIR" rev-parse --short HEAD 2>/dev/null || echo n/a)"
    echo "- nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "- kernel: $(uname -sr)"
    echo "- java: $(have java && first_line java -version || echo missing); GC picked when pinned to one CPU: ${gc:-?}"
    echo "- wrk: $(have wrk && first_line wrk --version | cut -d' ' -f1-2 || echo missing)"
    echo "- nginx: $(have nginx && first_line "$NGINX" -v | sed 's/.*version: //' || echo missing) (worker_processes 1, access_log off)"
    echo "- node: $(have node && node --version || echo missing); bun: $(have bun && "$BUN" --version || echo missing)"
    if have engine; then
      echo "- engine jar: $JAR ($(stat -c %s "$JAR") bytes, sha256 $(sha256sum "$JAR" | cut -c1-12), built $(date -u -r "$JAR" +%Y-%m-%dT%H:%M:%SZ))"
    else
      echo "- engine jar: not available ($JAR)"
    fi
    if (( ${#GEN_PIN[@]} )); then
      echo "- pinning: targets on CPU $TARGET_CPU, load generator (engine or wrk) on CPU $GEN_CPU (taskset); PIN=0 turns it off"
    else
      echo "- pinning: none"
    fi
    echo "- runs: ${DUR_S} s measured (+${WARMUP_S} s engine warm-up), $PAIRS A/B pairs; co ${CO_S} s (+${CO_WARMUP_S} s warm-up); cost ${COST_S} s$([[ $QUICK == 1 ]] && echo '; QUICK=1 (short pass)')"
  } >"$f"
}

# ---- targets ------------------------------------------------------------------
start_nginx() {
  local ngx=$RAW/nginx
  NGINX_PORT=$(free_port)
  mkdir -p "$ngx/www" "$ngx/tmp"
  # ~200 bytes of JSON.
  printf '%s\n' '{"service":"bench","status":"ok","items":[{"id":1,"name":"alpha","qty":3},{"id":2,"name":"beta","qty":5},{"id":3,"name":"gamma","qty":8}],"note":"static file served by nginx for load tests","version":1}' \
    >"$ngx/www/hello.json"
  cat >"$ngx/nginx.conf" <<CONF
# One worker, pinned (via taskset) to the target CPU: the other CPU is the load generator's.
worker_processes 1;
daemon off;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  default_type application/json;
  open_file_cache max=16 inactive=60s;
  client_body_temp_path $ngx/tmp/body;
  proxy_temp_path $ngx/tmp/proxy;
  fastcgi_temp_path $ngx/tmp/fastcgi;
  uwsgi_temp_path $ngx/tmp/uwsgi;
  scgi_temp_path $ngx/tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $ngx/www;
  }
}
CONF
  start_bg nginx "$NGINX" -p "$ngx" -c "$ngx/nginx.conf" -e "$ngx/error.log"
  wait_port "$NGINX_PORT" || die "nginx did not start (see $RAW/nginx.log)"
  NGINX_URL=http://127.0.0.1:$NGINX_PORT/hello.json
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' "$NGINX_URL" || true)
  [[ $code == 200 ]] || die "nginx answered $code for $NGINX_URL (can its worker read $ngx/www?)"
}

# start_node NAME SCRIPT [args...] -> sets PORT_<NAME>
start_node_target() {
  local name=$1 runtime=$2 script=$3; shift 3
  local port; port=$(free_port)
  start_bg "$name" "$runtime" "$BENCH_DIR/targets/$script" "$port" "$@"
  wait_port "$port" || die "$name did not start (see $RAW/$name.log)"
  printf -v "PORT_$name" '%s' "$port"
}

report_section() {
  # Progress goes to stderr; stdout carries only the final summary.
  python3 "$BENCH_DIR/lib/report.py" --raw "$RAW" --section "$1" | tee "$RAW/section-$1.md" >&2
}

# ---- sections -----------------------------------------------------------------
# Each section runs its engine and wrk rows alternately (A B A B ...) so drift
# over time shows up as a trend instead of as a difference between tools.

section_throughput() {
  start_nginx
  local i
  for ((i = 1; i <= PAIRS; i++)); do
    have engine && engine_run throughput "closed -c50" "$DUR_S" "$NGINX_URL" -z "${DUR_S}s" -c 50 --names nginx
    have wrk && wrk_run throughput "-t1 -c50" "$DUR_S" -c50 "$NGINX_URL"
  done
  return 0
}

section_rate() {
  start_nginx
  local r i
  for r in $RATES; do
    for ((i = 1; i <= PAIRS; i++)); do
      engine_run rate "-q $r" "$DUR_S" "$NGINX_URL" -z "${DUR_S}s" -c 50 -q "$r" --names nginx
    done
  done
  return 0
}

section_floor() {
  start_node_target delay node delay-server.js 20
  local url=http://127.0.0.1:$PORT_delay/ i
  have wrk && prime "$url"
  for ((i = 1; i <= PAIRS; i++)); do
    have engine && engine_run floor "-q 200 -c50" "$DUR_S" "$url" -z "${DUR_S}s" -c 50 -q 200 --names delay
    have wrk && wrk_run floor "-t1 -c10" "$DUR_S" -c10 "$url"
  done
  return 0
}

section_co() {
  start_node_target stall node stall-server.js 20 5000 1000
  local url=http://127.0.0.1:$PORT_stall/ i
  # Each run starts a fresh timeline: the next request re-anchors the 5 s
  # cycle, so freezes fall at 4-5 s, 9-10 s, ... after the run's first request.
  # The engine's warm-up of CO_WARMUP_S (2 s plus whole cycles) puts its
  # measured window at CO_WARMUP_S..CO_WARMUP_S+CO_S s, which holds exactly
  # CO_S/5 whole freezes and ends 2 s after the last one.
  # wrk has no warm-up, so it runs CO_S+2 s to see the same freezes.
  # First, a reference reading with the small Node open-model client, which
  # checks the server and the analytic figures without the engine.
  curl -s -o /dev/null "http://127.0.0.1:$PORT_stall/__rearm"
  probe_run co "reference open client, 200/s, 50 conns" "$((CO_S + 2))" "$url" 200 "$CO_S" 50 2
  for ((i = 1; i <= PAIRS; i++)); do
    if have engine; then
      curl -s -o /dev/null "http://127.0.0.1:$PORT_stall/__rearm"
      engine_run co "-q 200 -c50" "$CO_S" "$url" -z "${CO_S}s" -c 50 -q 200 --warmup "${CO_WARMUP_S}s" --names stall
    fi
    if have wrk; then
      curl -s -o /dev/null "http://127.0.0.1:$PORT_stall/__rearm"
      wrk_run co "-t1 -c10" $((CO_S + 2)) -c10 "$url"
    fi
  done
  # What coordinated omission hides: the engine's closed model, which times
  # each request from its actual send and so records only the ~10 requests per
  # freeze that were in flight (wrk cannot show this: it back-fills, see report).
  if have engine; then
    curl -s -o /dev/null "http://127.0.0.1:$PORT_stall/__rearm"
    engine_run co "closed -c10" "$CO_S" "$url" -z "${CO_S}s" -c 10 --warmup "${CO_WARMUP_S}s" --names stall
  fi
  return 0
}

section_aa() {
  start_nginx
  start_node_target delay node delay-server.js 20
  local durl=http://127.0.0.1:$PORT_delay/ i
  for ((i = 1; i <= PAIRS; i++)); do
    engine_run aa "delay x2, -q 1000 -c50" "$DUR_S" "$durl" "$durl" -z "${DUR_S}s" -c 50 -q 1000 --names a,b
    engine_run aa "nginx x2, closed -c50" "$DUR_S" "$NGINX_URL" "$NGINX_URL" -z "${DUR_S}s" -c 50 --names a,b
  done
  return 0
}

section_usecase() {
  start_node_target node node books-api.js
  start_node_target bun "$BUN" books-api.js
  local nurl=http://127.0.0.1:$PORT_node/api/books burl=http://127.0.0.1:$PORT_bun/api/books i
  if have wrk; then prime "$nurl"; prime "$burl"; fi
  for ((i = 1; i <= PAIRS; i++)); do
    if have engine; then
      engine_run usecase "both, -q 2000 -c50" "$DUR_S" "$nurl" "$burl" -z "${DUR_S}s" -c 50 -q 2000 --names node,bun
      engine_run usecase "both, closed -c50" "$DUR_S" "$nurl" "$burl" -z "${DUR_S}s" -c 50 --names node,bun
    fi
    if have wrk; then
      wrk_run usecase "node, -t1 -c50" "$DUR_S" -c50 "$nurl"
      wrk_run usecase "bun, -t1 -c50" "$DUR_S" -c50 "$burl"
    fi
  done
  return 0
}

# Heap after a full GC, taken from the running engine: once as soon as the JVM
# can be attached to (start of the run, during warm-up) and once 2 s before
# the run's planned end.
heap_probe() {
  local pidfile=$1 when=$2 out=$3 at_s=$4 pid tries
  # The engine may start late (wait_quiet), so time the probe from its start.
  tries=$(( (QUIET_WAIT_S + 60) * 10 ))
  while [[ ! -s $pidfile ]] && (( tries-- > 0 )); do sleep 0.1; done
  pid=$(cat "$pidfile" 2>/dev/null) || return 0
  sleep "$at_s"
  tries=50
  until jcmd "$pid" VM.uptime >/dev/null 2>&1; do
    (( tries-- > 0 )) || return 0
    sleep 0.1
  done
  { echo "# $when"; jcmd "$pid" VM.uptime; jcmd "$pid" GC.run >/dev/null; jcmd "$pid" GC.heap_info; } >"$out" 2>&1 || true
}

section_cost() {
  start_nginx
  if have engine; then cost_engine_runs; fi
  if have wrk; then wrk_run cost "-t1 -c50" "$COST_S" -c50 "$NGINX_URL"; fi
  return 0
}

# The engine at max throughput and at a fixed 5000/s, each with two heap probes.
cost_engine_runs() {
  local label args next probes=()
  local heap=1
  if ! command -v jcmd >/dev/null; then
    heap=0
    log "jcmd not found (it comes with a full JDK: apt-get install -y openjdk-17-jdk-headless); no heap figures"
  fi
  for label in "closed -c50" "-q 5000 -c50"; do
    args=("$NGINX_URL" -z "${COST_S}s" -c 50 --names nginx)
    [[ $label == -q* ]] && args+=(-q 5000)
    next=$(printf 'cost-%02d-engine' $((RUN_SEQ + 1)))
    if (( heap )); then
      heap_probe "$RAW/$next.pid" start "$RAW/$next.heap-start.txt" 0 &
      probes+=("$!")
      heap_probe "$RAW/$next.pid" end "$RAW/$next.heap-end.txt" $((WARMUP_S + COST_S - 2)) &
      probes+=("$!")
    fi
    engine_run cost "$label" "$COST_S" "${args[@]}"
    # Only the probes: a bare `wait` would also wait for nginx.
    (( ${#probes[@]} )) && wait "${probes[@]}"
    probes=()
  done
}

# ---- main -----------------------------------------------------------------------
declare -A NEEDS_TARGETS=([throughput]="nginx" [rate]="nginx" [floor]="node" [co]="node"
  [aa]="nginx node" [usecase]="node bun" [cost]="nginx")
declare -A USES_GENS=([throughput]="engine wrk" [rate]="engine" [floor]="engine wrk"
  [co]="engine wrk" [aa]="engine" [usecase]="engine wrk" [cost]="engine wrk")

run_section() {
  local s=$1 t g gens=""
  for t in ${NEEDS_TARGETS[$s]}; do
    if ! have "$t"; then
      log "SKIP $s: needs $t (${INSTALL[$t]})"
      printf '%s\tneeds %s (install: %s)\n' "$s" "$t" "${INSTALL[$t]}" >>"$RAW/skipped.tsv"
      return 0
    fi
  done
  for g in ${USES_GENS[$s]}; do have "$g" && gens+="$g "; done
  if [[ -z $gens ]]; then
    log "SKIP $s: needs ${USES_GENS[$s]// / or }"
    printf '%s\tneeds %s\n' "$s" "${USES_GENS[$s]// / or }" >>"$RAW/skipped.tsv"
    return 0
  fi
  for g in ${USES_GENS[$s]}; do
    have "$g" || printf '%s\tran without %s (install: %s)\n' "$s" "$g" "${INSTALL[$g]}" >>"$RAW/skipped.tsv"
  done
  log "=== $s ($gens) ==="
  "section_$s"
  stop_bg
  report_section "$s"
}

main() {
  check_tools
  setup_pinning
  write_facts
  local s
  IFS=, read -r -a wanted <<<"$ONLY"
  for s in "${wanted[@]}"; do
    [[ ",$ALL_SECTIONS," == *",$s,"* ]] || die "unknown section '$s' (known: $ALL_SECTIONS)"
  done
  for s in "${wanted[@]}"; do run_section "$s"; done
  python3 "$BENCH_DIR/lib/report.py" --raw "$RAW" --summary >"$RAW/summary.md"
  cp "$RAW/summary.md" "$OUT_DIR/summary.md"
  echo
  cat "$OUT_DIR/summary.md"
  log "raw outputs: $RAW; summary: $OUT_DIR/summary.md"
}

main "$@"
