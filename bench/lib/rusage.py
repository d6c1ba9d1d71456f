#!/usr/bin/env python3
"""Run one command, bounded in time, and record what it cost.

Usage: rusage.py --out FILE --timeout SECONDS [--pidfile FILE] -- CMD [ARGS...]

The command inherits stdin/stdout/stderr. When it exits (or is killed at the
deadline) FILE gets JSON with its exit code, wall time, user/system CPU from
wait4() (exact, includes everything it ran), peak RSS, and CPU samples taken
from /proc/<pid>/stat every 0.25 s so the report can compute a steady-state
CPU rate that leaves out JVM start-up and warm-up. Exits with the command's code.

It also measures how busy the rest of the machine was: the machine's busy CPU
(/proc/stat) over the run, minus the command's, minus the targets' (the
process trees of the pids in $BENCH_WATCH_PIDS). What is left is load from
elsewhere (builds, other users) that competed with the benchmark.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """utime+stime of pid (its own threads, not children) from /proc, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            # The command name may contain spaces; fields resume after the last ')'.
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return None


def machine_busy_seconds():
    """Busy CPU-seconds of the whole machine since boot (all but idle and iowait)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (sum(v[:8]) - v[3] - v[4]) / TICK


def tree_cpu_seconds(roots):
    """CPU-seconds of the given pids and all their descendants (threads included)."""
    parent, stat = {}, {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(name)] = int(fields[1])
            stat[int(name)] = (int(fields[11]) + int(fields[12])) / TICK
    total, todo, seen = 0.0, list(roots), set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in stat:
            continue
        seen.add(pid)
        total += stat[pid]
        todo += [c for c, p in parent.items() if p == pid]
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=float, required=True)
    ap.add_argument("--pidfile")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd

    watch = [int(p) for p in os.environ.get("BENCH_WATCH_PIDS", "").split()]
    busy0, targets0 = machine_busy_seconds(), tree_cpu_seconds(watch)
    start = time.monotonic()
    proc = subprocess.Popen(cmd)
    if a.pidfile:
        with open(a.pidfile, "w") as f:
            f.write(f"{proc.pid}\n")
    samples, timed_out, status, ru = [], False, None, None
    while True:
        pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        elapsed = time.monotonic() - start
        if elapsed > a.timeout and not timed_out:
            timed_out = True
            print(f"rusage.py: {cmd[0]} still running after {a.timeout:.0f}s, killing it",
                  file=sys.stderr)
            proc.send_signal(signal.SIGTERM)
            deadline_kill = time.monotonic() + 5
        if timed_out and time.monotonic() > deadline_kill:
            proc.kill()
        cpu = cpu_seconds(proc.pid)
        if cpu is not None:
            samples.append([round(elapsed, 3), cpu])
        time.sleep(0.25)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - start
    busy = machine_busy_seconds() - busy0
    targets = tree_cpu_seconds(watch) - targets0
    own = ru.ru_utime + ru.ru_stime
    record = {
        "cmd": cmd,
        "rc": proc.returncode,
        "timed_out": timed_out,
        "wall_s": round(wall, 3),
        "targets_cpu_s": round(targets, 3),
        # Machine CPU not used by the command or the targets, in cores.
        "other_cores": round(max(0.0, busy - own - targets) / wall, 3) if wall > 0 else None,
        "user_s": ru.ru_utime,
        "sys_s": ru.ru_stime,
        "maxrss_kb": ru.ru_maxrss,
        "samples": samples,
    }
    with open(a.out, "w") as f:
        json.dump(record, f)
    sys.exit(proc.returncode if proc.returncode >= 0 else 128 - proc.returncode)


if __name__ == "__main__":
    main()
