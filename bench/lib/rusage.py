#!/usr/bin/env python3
"""Run one command, bounded in time, and record what it cost.

Usage: rusage.py --out FILE --timeout SECONDS [--pidfile FILE] -- CMD [ARGS...]

The command inherits stdin/stdout/stderr. When it exits (or is killed at the
deadline) FILE gets JSON with its exit code, wall time, user/system CPU from
wait4() (exact, includes everything it ran), peak RSS, and CPU samples taken
from /proc/<pid>/stat every 0.25 s so the report can compute a steady-state
CPU rate that leaves out JVM start-up and warm-up. Exits with the command's code.
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=float, required=True)
    ap.add_argument("--pidfile")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd

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
    record = {
        "cmd": cmd,
        "rc": proc.returncode,
        "timed_out": timed_out,
        "wall_s": round(time.monotonic() - start, 3),
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
