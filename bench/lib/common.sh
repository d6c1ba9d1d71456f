# Helpers sourced by bench/run.sh: logging, ports, background targets, and one
# function per load generator that runs it bounded in time and records the run.
# Expects BENCH_DIR, RAW (raw output dir) and the settings from run.sh.

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# A free TCP port on 127.0.0.1 (the kernel picks it; we release it and hand the
# number to the server, which binds it a moment later).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Wait (up to 10 s) until something accepts TCP connections on PORT; give up
# at once if the process that should listen (the last one start_bg started)
# has exited. Only connects, never sends a request (a request would anchor the
# stall server's timeline).
wait_port() {
  local port=$1 pid=${BG_PIDS[-1]} tries=100
  while (( tries-- > 0 )); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Prefix that pins a command to one CPU when PIN=1 (see run.sh for the layout).
TARGET_PIN=()
GEN_PIN=()
setup_pinning() {
  if [[ $PIN == 1 ]] && (( $(nproc) >= 2 )) && command -v taskset >/dev/null; then
    TARGET_PIN=(taskset -c "$TARGET_CPU")
    GEN_PIN=(taskset -c "$GEN_CPU")
  fi
}

# Background processes we started; the EXIT trap in run.sh stops them by pid.
BG_PIDS=()
start_bg() {
  local name=$1; shift
  "${TARGET_PIN[@]}" "$@" >"$RAW/$name.log" 2>&1 &
  BG_PIDS+=("$!")
  export BENCH_WATCH_PIDS="${BG_PIDS[*]}"  # lib/rusage.py counts their CPU as the targets'
  log "started $name (pid $!): $*"
}
stop_bg() {
  local pid
  for pid in "${BG_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${BG_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  BG_PIDS=()
  export BENCH_WATCH_PIDS=""
}

# Before each measured run, wait (at most QUIET_WAIT_S seconds) until the rest
# of the machine is quiet: busy CPU, less our idle targets', under 0.25 cores
# over one second. On a shared machine (a build running next to us) this keeps
# most runs clean; lib/rusage.py still measures the other load during each run
# and the report flags disturbed runs.
wait_quiet() {
  local start=$SECONDS busy
  while :; do
    busy=$(python3 -c '
import os, time
def busy():
    v = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(v[:8]) - v[3] - v[4]
b0 = busy(); time.sleep(1)
print("%.2f" % ((busy() - b0) / os.sysconf("SC_CLK_TCK")))')
    if python3 -c "import sys; sys.exit(0 if $busy < 0.25 else 1)"; then return 0; fi
    if (( SECONDS - start >= QUIET_WAIT_S )); then
      log "  machine still busy ($busy cores used elsewhere) after $((SECONDS - start))s; running anyway"
      return 0
    fi
    (( SECONDS - start < 2 )) && log "  machine busy ($busy cores used elsewhere); waiting up to ${QUIET_WAIT_S}s"
  done
}

# Each run gets a sequence number; runs.tsv lists them for the report:
# section, seq, tool, label, file stem (relative to RAW).
RUN_SEQ=0
record_run() {
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$RAW/runs.tsv"
}

# engine_run SECTION LABEL DURATION_S [engine args...]
# Runs the engine's CLI with --json (and --warmup, --timeout unless given), pinned to the
# generator CPU, killed if it overruns duration + warm-up + 30 s.
engine_run() {
  local section=$1 label=$2 dur_s=$3; shift 3
  local args=("$@")
  [[ " ${args[*]} " == *" --warmup "* ]] || args+=(--warmup "${WARMUP_S}s")
  # wrk's timeout is 10 s here too (the engine's own default is 30 s).
  [[ " ${args[*]} " == *" --timeout "* ]] || args+=(--timeout 10s)
  args+=(--json)
  RUN_SEQ=$((RUN_SEQ + 1))
  local stem; stem=$(printf '%s-%02d-engine' "$section" "$RUN_SEQ")
  wait_quiet
  log "$section #$RUN_SEQ engine: $label"
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of words by design
  python3 "$BENCH_DIR/lib/rusage.py" --out "$RAW/$stem.rusage.json" \
      --timeout $((dur_s + WARMUP_S + 30)) --pidfile "$RAW/$stem.pid" -- \
      "${GEN_PIN[@]}" java $JAVA_OPTS -jar "$JAR" run "${args[@]}" \
      >"$RAW/$stem.json" 2>"$RAW/$stem.err" \
    || log "  engine exited non-zero (see $RAW/$stem.err)"
  printf '%s\n' "java $JAVA_OPTS -jar $JAR run ${args[*]}" >"$RAW/$stem.cmd"
  record_run "$section" "$RUN_SEQ" engine "$label" "$stem"
}

# wrk_run SECTION LABEL DURATION_S [wrk args...]   (one thread; -c and URL from caller)
wrk_run() {
  local section=$1 label=$2 dur_s=$3; shift 3
  RUN_SEQ=$((RUN_SEQ + 1))
  local stem; stem=$(printf '%s-%02d-wrk' "$section" "$RUN_SEQ")
  local args=(-t1 -d"${dur_s}s" --timeout 10s --latency -s "$BENCH_DIR/lib/wrk-json.lua" "$@")
  wait_quiet
  log "$section #$RUN_SEQ wrk: $label"
  python3 "$BENCH_DIR/lib/rusage.py" --out "$RAW/$stem.rusage.json" \
      --timeout $((dur_s + 30)) -- "${GEN_PIN[@]}" wrk "${args[@]}" \
      >"$RAW/$stem.txt" 2>"$RAW/$stem.err" \
    || log "  wrk exited non-zero (see $RAW/$stem.err)"
  printf '%s\n' "wrk ${args[*]}" >"$RAW/$stem.cmd"
  record_run "$section" "$RUN_SEQ" wrk "$label" "$stem"
}

# probe_run SECTION LABEL DURATION_S URL RATE CONNS WARMUP_S
# The small Node open-model client (lib/open-probe.js): a reference reading of
# a target's timing that does not depend on the engine.
probe_run() {
  local section=$1 label=$2 dur_s=$3; shift 3
  RUN_SEQ=$((RUN_SEQ + 1))
  local stem; stem=$(printf '%s-%02d-probe' "$section" "$RUN_SEQ")
  wait_quiet
  log "$section #$RUN_SEQ probe: $label"
  python3 "$BENCH_DIR/lib/rusage.py" --out "$RAW/$stem.rusage.json" \
      --timeout $((dur_s + 30)) -- "${GEN_PIN[@]}" node "$BENCH_DIR/lib/open-probe.js" "$@" \
      >"$RAW/$stem.txt" 2>"$RAW/$stem.err" \
    || log "  probe exited non-zero (see $RAW/$stem.err)"
  printf '%s\n' "node lib/open-probe.js $*" >"$RAW/$stem.cmd"
  record_run "$section" "$RUN_SEQ" probe "$label" "$stem"
}

# Unrecorded wrk pass to warm a JIT-compiled target (Node/Bun) before measuring.
prime() {
  log "priming $1 for ${PRIME_S}s"
  "${GEN_PIN[@]}" wrk -t1 -c20 -d"${PRIME_S}s" "$1" >/dev/null 2>&1 || true
}
