#!/usr/bin/env python3
"""Turn the raw outputs of bench/run.sh into markdown tables and verdicts.

  report.py --raw DIR --section NAME   one section (printed as it finishes)
  report.py --raw DIR --summary        machine facts, verdicts, every section

DIR/runs.tsv lists the runs in the order they ran (section, seq, tool, label,
file stem). Engine runs left STEM.json (the CLI's --json output); wrk runs left
STEM.txt (wrk's --latency text plus a WRK_JSON line from lib/wrk-json.lua).
Both left STEM.rusage.json (lib/rusage.py). Standard library only.
"""
import argparse
import json
import os
import re
import statistics
import sys

# Goals. The first group is the brief's; the floor and use-case thresholds are
# ours (the brief asks for the differences, not for a limit) and are printed
# with every verdict so a reader can disagree with them.
THROUGHPUT_RATIO_GOAL = 1.0  # engine req/s over wrk req/s, closed model, same target
RATE_TOLERANCE = 0.005  # achieved/requested within 0.5%
SEND_LAG_P99_GOAL_MS = 1.0
CO_TOLERANCE = 0.05  # measured p99/p99.9 within 5% of the analytic value
AA_RPS_TOLERANCE = 0.01
AA_LATENCY_TOLERANCE = 0.05
FLOOR_P50_DELTA_GOAL_MS = 1.0  # ours: engine p50 at most 1 ms above wrk's
FLOOR_P99_DELTA_GOAL_MS = 2.0  # ours: engine p99 at most 2 ms above wrk's
USECASE_RATIO_TOLERANCE = 0.15  # ours: Bun/Node ratio within 15% of wrk's

# The stall server's timing (bench/targets/stall-server.js, as run.sh starts it).
STALL_SERVICE_MS = 20.0
STALL_PERIOD_MS = 5000.0
STALL_FREEZE_MS = 1000.0

SECTIONS = ["throughput", "rate", "floor", "co", "aa", "usecase", "cost"]
TITLES = {
    "throughput": "Throughput: closed model, -c 50, against nginx",
    "rate": "Rate accuracy: open model against nginx",
    "floor": "Latency floor: 20 ms delay server",
    "co": "Coordinated omission: stall server (1 s freeze every 5 s)",
    "aa": "A/A: one server given twice as two targets in one test",
    "usecase": "Use case: the books API on Node vs Bun",
    "cost": "Cost: generator CPU and heap",
}


def analytic_stall_quantile(q, service_ms=STALL_SERVICE_MS, period_ms=STALL_PERIOD_MS,
                            freeze_ms=STALL_FREEZE_MS):
    """Response-time quantile q (0..1) of the stall server under an evenly paced open load.

    Derivation. Arrivals are evenly spaced, so over a whole number of cycles a
    share f = freeze/period (1/5) of them land in a freeze, at a position u
    uniform on [0, F) into it (F = 1000 ms). Such a request waits for the rest
    of the freeze, then is served: T = (F - u) + s with s = 20 ms; so T is
    uniform on (s, s + F]. The other 4/5 get T = s. For t in (s, s + F]:

        P(T > t) = f * P(F - u > t - s) = f * (1 - (t - s) / F)

    Setting P(T > t) = 1 - q and solving: t = s + F * (1 - (1 - q) / f), valid
    for q > 1 - f (below that the quantile is s). With s = 20, F = 1000,
    f = 0.2: p90 = 520 ms, p95 = 770 ms, p99 = 970 ms, p99.9 = 1015 ms.

    What the model leaves out: s is really s plus loopback and timer overhead
    (about 1 ms), and at 200 req/s with 50 connections the arrivals after the
    first 0.25 s of a freeze find every connection busy and go out after it,
    adding up to a few service times. Those requests have T < 0.8 s, so p99
    and p99.9 (which come from the first 5% and 0.5% of each freeze) are not
    affected; p90 and p95 are, slightly.
    """
    f = freeze_ms / period_ms
    if q <= 1 - f:
        return service_ms
    return service_ms + freeze_ms * (1 - (1 - q) / f)


# ---- parsing --------------------------------------------------------------------

UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def wrk_duration_ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    return float(m.group(1)) * UNIT_MS[m.group(2)] if m else None


def parse_wrk(path):
    """wrk's --latency text (primary) plus the WRK_JSON line (p99.9, exact counts)."""
    out = {"ok": False}
    try:
        text = open(path).read()
    except OSError as e:
        out["error"] = str(e)
        return out
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not m:
        out["error"] = "no Requests/sec line"
        return out
    out.update(ok=True, rps=float(m.group(1)))
    for pct, val in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M):
        out[f"p{pct}"] = wrk_duration_ms(val)
    m = re.search(r"(\d+) requests in ([\d.]+\w+),", text)
    if m:
        out["total"] = int(m.group(1))
        out["duration_s"] = wrk_duration_ms(m.group(2)) / 1000
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    out["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socket_errors"] = sum(map(int, m.groups())) if m else 0
    out["errors"] = out["non2xx"] + out["socket_errors"]
    m = re.search(r"^WRK_JSON (\{.*\})$", text, re.M)
    if m:
        j = json.loads(m.group(1))
        lat = j["latency_us"]
        out["p999"] = lat["p999"] / 1000
        out["max"] = lat["max"] / 1000
        out["avg"] = lat["mean"] / 1000
        out["total"] = j["requests"]
        # wrk's text rounds to 2 decimals in its own unit; the Lua figures are
        # exact microseconds. Keep both and flag a disagreement beyond rounding.
        for k in ("p50", "p90", "p99"):
            exact = lat[k] / 1000
            if out.get(k) is not None and abs(out[k] - exact) > max(0.011, 0.01 * exact):
                out.setdefault("warnings", []).append(f"{k}: text {out[k]} vs lua {exact}")
            out[k] = exact
    return out


def parse_engine(path):
    """The engine's --json: {"targets": [{"name", "url", "results": {...}}]} -> name -> metrics."""
    # stdout should hold only the JSON object, but log lines can precede it
    # (the engine's logger writes to stdout), so take the last line that parses.
    doc = None
    try:
        lines = open(path).read().splitlines()
    except OSError as e:
        return {"_error": f"no engine output ({e})"}
    for line in reversed(lines):
        if line.startswith("{"):
            try:
                doc = json.loads(line)
                break
            except ValueError:
                continue
    if doc is None:
        return {"_error": "no JSON object in the engine's stdout"}
    noise = [l for l in lines if l.strip() and not l.startswith("{")]
    if noise:
        doc["_stdout_noise"] = noise
    out = {"_doc": doc}
    for t in doc.get("targets", []):
        r = t.get("results", {})
        st = r.get("service_time") or {}
        lag = r.get("send_lag") or {}
        gen = r.get("generator") or {}
        out[t.get("name") or t.get("url")] = {
            "ok": True,
            "rps": r.get("requests_per_second"),
            "total": r.get("total_requests"),
            "successful": r.get("successful_requests"),
            "errors": r.get("failed_requests") or 0,
            "error_types": r.get("error_types") or {},
            "status_codes": r.get("status_codes") or {},
            "duration_s": r.get("total_duration_seconds"),
            "avg": r.get("avg_latency_ms"),
            "min": r.get("min_latency_ms"),
            "max": r.get("max_latency_ms"),
            "p50": r.get("p50_latency_ms"),
            "p90": r.get("p90_latency_ms"),
            "p95": r.get("p95_latency_ms"),
            "p99": r.get("p99_latency_ms"),
            "p999": r.get("p999_latency_ms"),
            "svc_p50": st.get("p50_ms"),
            "svc_p99": st.get("p99_ms"),
            "svc_p999": st.get("p999_ms"),
            "lag_p50": lag.get("p50_ms"),
            "lag_p99": lag.get("p99_ms"),
            "lag_max": lag.get("max_ms"),
            "requested_rate": r.get("requested_rate_per_second"),
            "unsent": r.get("unsent_requests"),
            "unfinished": r.get("unfinished_requests"),
            "failure": r.get("failure"),
            "verdict": gen.get("verdict"),
            "reasons": gen.get("reasons") or [],
        }
    for m in out.values():
        if isinstance(m, dict) and m.get("ok") and not m.get("total"):
            # Nothing measured: the engine still prints 0.0 for every latency; show none.
            for k in ("avg", "min", "max", "p50", "p90", "p95", "p99", "p999", "svc_p50", "svc_p99",
                      "svc_p999", "lag_p50", "lag_p99", "lag_max"):
                m[k] = None
    if len(out) == 1:
        out["_error"] = "engine JSON has no targets"
    return out


class Run:
    def __init__(self, raw, section, seq, tool, label, stem):
        self.section, self.seq, self.tool, self.label, self.stem = section, int(seq), tool, label, stem
        self.path = os.path.join(raw, stem)
        self.rusage = load_json(self.path + ".rusage.json")
        self.error = None
        if tool == "engine":
            parsed = parse_engine(self.path + ".json")
            self.error = parsed.pop("_error", None)
            self.doc = parsed.pop("_doc", None)
            self.targets = parsed
        elif tool == "probe":
            p = load_json(self.path + ".txt")
            self.error = None if p else "no JSON from lib/open-probe.js"
            self.targets = {"probe": {"ok": True, "rps": None, "total": p["requests"],
                                      "errors": p["errors"], "max": p["max_ms"],
                                      **{k: p[f"{k}_ms"] for k in ("p50", "p90", "p99", "p999")}}} if p else {}
        else:
            w = parse_wrk(self.path + ".txt")
            self.error = None if w["ok"] else w.get("error")
            self.targets = {"wrk": w} if w["ok"] else {}
        if self.error:
            self.error += f" — see {stem}.*"

    def first(self):
        """Metrics of the only (or first) target."""
        return next(iter(self.targets.values()), {})

    def cpu_steady_cores(self, measured_s):
        """CPU rate (cores) over the measured part of the run, from /proc samples.

        The measured window is taken as the last `measured_s` seconds before the
        process exited, trimmed by 0.5 s at the start and 0.75 s at the end, so
        JVM start-up, JIT warm-up and the engine's own --warmup are left out.
        """
        ru = self.rusage or {}
        s = ru.get("samples") or []
        end = ru.get("wall_s", 0)
        lo, hi = end - measured_s + 0.5, end - 0.75
        window = [p for p in s if lo <= p[0] <= hi]
        if len(window) < 2 or window[-1][0] - window[0][0] < 0.5:
            return None
        return (window[-1][1] - window[0][1]) / (window[-1][0] - window[0][0])

    def cpu_total_s(self):
        ru = self.rusage or {}
        return ru.get("user_s", 0) + ru.get("sys_s", 0) if ru else None


def load_json(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return None


def load_runs(raw):
    runs = []
    path = os.path.join(raw, "runs.tsv")
    if os.path.exists(path):
        for line in open(path):
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 5:
                runs.append(Run(raw, *parts))
    return runs


def parse_heap(path):
    """Sum of 'used' over the heap spaces in jcmd GC.heap_info (KB), or None."""
    try:
        text = open(path).read()
    except OSError:
        return None
    used = [int(u) for name, u in re.findall(r"^\s*([A-Za-z-][\w -]*?)\s+total \d+K, used (\d+)K",
                                             text, re.M)
            if "Metaspace" not in name and "class space" not in name]
    return sum(used) if used else None


# ---- formatting -----------------------------------------------------------------

def ms(x):
    if x is None:
        return "–"
    return f"{x:.2f}" if x < 10 else f"{x:.1f}"


def num(x, digits=0):
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def pct(x, digits=1, signed=True):
    if x is None:
        return "–"
    return f"{x * 100:+.{digits}f}%" if signed else f"{x * 100:.{digits}f}%"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return lines


def mean(xs):
    xs = [x for x in xs if x is not None]
    return statistics.mean(xs) if xs else None


def spread(xs):
    xs = [x for x in xs if x is not None]
    if len(xs) < 2 or not mean(xs):
        return ""
    return f" (runs differ by {(max(xs) - min(xs)) / mean(xs) * 100:.1f}%)"


def rel(a, b):
    """(a - b) / b, or None."""
    if a is None or not b:
        return None
    return (a - b) / b


def errors_cell(m):
    e = m.get("errors") or 0
    if not e:
        return "0"
    kinds = m.get("error_types") or {}
    detail = ", ".join(f"{k} {v}" for k, v in kinds.items()) if kinds else ""
    return f"{e}" + (f" ({detail})" if detail else "")


def generator_cell(m):
    v = m.get("verdict")
    if not v:
        return "–"
    return v if v == "ok" else f"{v}: {'; '.join(m.get('reasons') or [])}"


def failed_rows(runs):
    return [f"- run #{r.seq} ({r.tool}, {r.label}) produced no result: {r.error}"
            for r in runs if r.error]


def verdict(status, text):
    return f"**Verdict: {status}** — {text}"


def misses(bad, goal, shown=4):
    """The first few failed checks, then a count, then the goal."""
    more = f"; and {len(bad) - shown} more" if len(bad) > shown else ""
    return f"{'; '.join(bad[:shown])}{more} ({goal})"


OTHER_LOAD_LIMIT_CORES = 0.25  # more than this from other processes: say the runs were disturbed


def other_load_lines(runs):
    """A warning naming runs during which other processes used the machine's CPU."""
    busy = [(r.seq, (r.rusage or {}).get("other_cores")) for r in runs]
    busy = [(seq, c) for seq, c in busy if c is not None and c > OTHER_LOAD_LIMIT_CORES]
    if not busy:
        return []
    detail = ", ".join(f"#{seq} {c:.2f}" for seq, c in busy)
    return [f"⚠ Other processes competed for the CPU during runs ({detail} cores on average, "
            f"of 2): these figures are disturbed; rerun on a quiet machine."]


# ---- sections --------------------------------------------------------------------
# Each returns (markdown lines, verdict line).

def sec_throughput(runs, env):
    rows, eng, wrk = [], [], []
    for r in runs:
        m = r.first()
        if not m:
            continue
        (eng if r.tool == "engine" else wrk).append(m.get("rps"))
        rows.append([r.seq, r.tool, r.label, num(m.get("rps")), ms(m.get("p50")), ms(m.get("p99")),
                     errors_cell(m), num(r.cpu_steady_cores(env["dur"]), 2)])
    lines = table(["#", "tool", "run", "req/s", "p50 ms", "p99 ms", "errors", "generator CPU (cores)"], rows)
    e, w = mean(eng), mean(wrk)
    lines += ["", f"engine mean {num(e)} req/s{spread(eng)}; wrk mean {num(w)} req/s{spread(wrk)}."]
    if e is None or w is None:
        return lines, verdict("n/a", "needs both engine and wrk runs")
    ratio = e / w
    ok = ratio >= THROUGHPUT_RATIO_GOAL
    return lines, verdict("PASS" if ok else "FAIL",
                          f"engine/wrk = {ratio:.3g}× ({num(e)} vs {num(w)} req/s; goal ≥ "
                          f"{THROUGHPUT_RATIO_GOAL:.1f}×)")


def sec_rate(runs, env):
    rows, bad = [], []
    for r in runs:
        m = r.first()
        if not m:
            continue
        req = m.get("requested_rate") or float(re.search(r"-q (\d+)", r.label).group(1))
        achieved = m.get("rps")
        ratio = achieved / req if achieved is not None else None
        expected = req * env["dur"]
        rows.append([r.seq, num(req), num(achieved, 1), pct(ratio - 1 if ratio else None, 2),
                     f"{num(m.get('total'))} / {num(expected)}", ms(m.get("lag_p50")),
                     ms(m.get("lag_p99")), ms(m.get("lag_max")), ms(m.get("p99")),
                     errors_cell(m), generator_cell(m)])
        if ratio is None or abs(ratio - 1) > RATE_TOLERANCE:
            bad.append(f"#{r.seq} -q {req:.0f} achieved {pct(ratio - 1 if ratio else None, 2)}")
        lag = m.get("lag_p99")
        if lag is None or lag > SEND_LAG_P99_GOAL_MS:
            bad.append(f"#{r.seq} -q {req:.0f} send-lag p99 {ms(lag)} ms")
    lines = table(["#", "requested/s", "achieved req/s", "achieved − requested", "sent / rate×duration",
                   "send-lag p50 ms", "p99 ms", "max ms", "latency p99 ms", "errors", "generator"], rows)
    lines += ["", "There is no wrk row: Debian's wrk 4.1 has no rate option (wrk2 is not packaged), "
                  "so this section checks the engine against its own request."]
    if not rows:
        return lines, verdict("n/a", "no engine runs")
    goal = f"goal: within {RATE_TOLERANCE * 100:.1f}% and send-lag p99 ≤ {SEND_LAG_P99_GOAL_MS:g} ms"
    if bad:
        return lines, verdict("FAIL", misses(bad, goal))
    return lines, verdict("PASS", f"every run within {RATE_TOLERANCE * 100:.1f}%, send-lag p99 ≤ "
                                  f"{SEND_LAG_P99_GOAL_MS:g} ms")


def sec_floor(runs, env):
    rows, eng, wrk = [], [], []
    for r in runs:
        m = r.first()
        if not m:
            continue
        (eng if r.tool == "engine" else wrk).append(m)
        rows.append([r.seq, r.tool, r.label, num(m.get("rps")), ms(m.get("p50")), ms(m.get("p90")),
                     ms(m.get("p99")), ms(m.get("p999")), ms(m.get("svc_p50")), ms(m.get("svc_p99")),
                     errors_cell(m)])
    lines = table(["#", "tool", "run", "req/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms",
                   "service p50 ms", "service p99 ms", "errors"], rows)
    lines += ["", "The server adds 20 ms (Node's setTimeout, so about 20–21 ms); everything above "
                  "that is loopback, the server's HTTP stack and the generator. wrk measures from the "
                  "actual send (closed model); the engine's latency is from the planned send, its "
                  "service time from the actual send."]
    if not eng or not wrk:
        return lines, verdict("n/a", "needs both engine and wrk runs")
    d50 = mean([m.get("p50") for m in eng]) - mean([m.get("p50") for m in wrk])
    d99 = mean([m.get("p99") for m in eng]) - mean([m.get("p99") for m in wrk])
    lines += ["", f"engine − wrk (means over runs): p50 {d50:+.2f} ms, p99 {d99:+.2f} ms."]
    ok = d50 <= FLOOR_P50_DELTA_GOAL_MS and d99 <= FLOOR_P99_DELTA_GOAL_MS
    return lines, verdict("PASS" if ok else "FAIL",
                          f"engine − wrk: p50 {d50:+.2f} ms, p99 {d99:+.2f} ms (our goal: ≤ "
                          f"{FLOOR_P50_DELTA_GOAL_MS:g} ms and ≤ {FLOOR_P99_DELTA_GOAL_MS:g} ms)")


def sec_co(runs, env):
    a99, a999 = analytic_stall_quantile(0.99), analytic_stall_quantile(0.999)
    rows, bad, eng = [], [], 0
    for r in runs:
        m = r.first()
        if not m:
            continue
        e99, e999 = rel(m.get("p99"), a99), rel(m.get("p999"), a999)
        if r.tool == "engine" and "-q" not in r.label:
            e99 = e999 = None  # the closed-model illustration is not compared with the formula
        rows.append([r.seq, r.tool, r.label, num(m.get("rps")), num(m.get("total")), ms(m.get("p50")),
                     ms(m.get("p90")), ms(m.get("p99")), ms(m.get("p999")), ms(m.get("max")),
                     pct(e99), pct(e999), ms(m.get("svc_p99")), errors_cell(m)])
        if r.tool == "engine" and "-q" in r.label:
            eng += 1
            for name, e in (("p99", e99), ("p99.9", e999)):
                if e is None or abs(e) > CO_TOLERANCE:
                    bad.append(f"#{r.seq} {name} {pct(e)}")
    lines = [f"Analytic response time at an even open load (derivation in lib/report.py, "
             f"`analytic_stall_quantile`): 80% of requests take 20 ms, 20% land in a freeze and are "
             f"uniform on (20, 1020] ms, so p50 = 20 ms, p90 = {analytic_stall_quantile(0.9):.0f} ms, "
             f"p99 = {a99:.0f} ms, p99.9 = {a999:.0f} ms. Runs last {env['co']} s "
             f"({env['co'] // 5} whole freezes)"
             + (" — shorter than the 20 s the brief asks for, because QUICK=1." if env["co"] < 20 else "."),
             ""]
    lines += table(["#", "tool", "run", "req/s", "requests", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms",
                    "max ms", "p99 vs analytic", "p99.9 vs analytic", "service p99 ms", "errors"], rows)
    lines += ["", "The probe row is `lib/open-probe.js`, a 60-line Node open-model client (same rate, "
                  "connections and warm-up): a check of the server and of the formula that does not "
                  "depend on the engine."]
    lines += ["", "wrk does not show coordinated omission here, although it is a closed model: "
                  "wrk 4.x back-fills its histogram before printing (`stats_correct` in wrk.c adds, for "
                  "every sample at least twice the mean per-connection interval, synthetic samples "
                  "one interval apart; the Lua `done()` sees the same corrected histogram). That "
                  "approximates an open load at wrk's own achieved rate, and since this server's "
                  "analytic distribution does not depend on the rate, wrk's p99 lands near 970 ms too. "
                  "The uncorrected closed-model view is the engine's closed row (`closed -c10`, latency "
                  "from the actual send): only the ~10 requests per freeze that were in flight wait, "
                  "so its p99 stays near 20 ms while users arriving in a freeze would wait up to 1 s. "
                  "That row is the coordinated-omission illustration; it is not judged against the "
                  "analytic figures."]
    if not eng:
        return lines, verdict("n/a", "no engine runs")
    goal = f"goal: within {CO_TOLERANCE * 100:.0f}% of {a99:.0f} / {a999:.0f} ms"
    if bad:
        return lines, verdict("FAIL", misses(bad, goal))
    return lines, verdict("PASS", f"engine p99 and p99.9 within {CO_TOLERANCE * 100:.0f}% of the "
                                  f"analytic {a99:.0f} / {a999:.0f} ms in every run")


def sec_aa(runs, env):
    rows, bad = [], []
    for r in runs:
        a, b = r.targets.get("a"), r.targets.get("b")
        if not a or not b:
            continue
        d = {k: rel(b.get(k), a.get(k)) for k in ("rps", "p50", "p99")}
        rows.append([r.seq, r.label, num(a.get("rps")), num(b.get("rps")), pct(d["rps"], 2),
                     ms(a.get("p50")), ms(b.get("p50")), pct(d["p50"]), ms(a.get("p99")),
                     ms(b.get("p99")), pct(d["p99"]), f"{errors_cell(a)} / {errors_cell(b)}"])
        limits = {"rps": AA_RPS_TOLERANCE, "p50": AA_LATENCY_TOLERANCE, "p99": AA_LATENCY_TOLERANCE}
        for k, lim in limits.items():
            if d[k] is None or abs(d[k]) > lim:
                bad.append(f"#{r.seq} ({r.label}) {k} {pct(d[k])}")
    lines = table(["#", "test", "a req/s", "b req/s", "b vs a", "a p50 ms", "b p50 ms", "b vs a",
                   "a p99 ms", "b p99 ms", "b vs a", "errors a / b"], rows)
    lines += ["", "Two targets with the same URL race on one schedule, each with its own 50 "
                  "connections; any difference between a and b is the engine's own unfairness or noise."]
    if not rows:
        return lines, verdict("n/a", "no engine runs with targets a and b")
    goal = (f"goal: req/s within {AA_RPS_TOLERANCE * 100:.0f}%, p50/p99 within "
            f"{AA_LATENCY_TOLERANCE * 100:.0f}%")
    if bad:
        return lines, verdict("FAIL", misses(bad, goal))
    return lines, verdict("PASS", goal.replace("goal: ", "") + " in every run")


def sec_usecase(runs, env):
    fixed, closed, wrk_rows = [], [], []
    eng_ratios, wrk_node, wrk_bun = [], [], []
    for r in runs:
        if r.tool == "engine":
            n, b = r.targets.get("node"), r.targets.get("bun")
            if not n or not b:
                continue
            if "-q" in r.label:
                fixed.append([r.seq, num(n.get("rps")), num(b.get("rps")), ms(n.get("p50")),
                              ms(b.get("p50")), ms(n.get("p99")), ms(b.get("p99")),
                              f"{errors_cell(n)} / {errors_cell(b)}"])
            else:
                ratio = b["rps"] / n["rps"] if n.get("rps") and b.get("rps") is not None else None
                eng_ratios.append(ratio)
                closed.append([r.seq, "engine (both in one test)", num(n.get("rps")), num(b.get("rps")),
                               num(ratio, 2), ms(n.get("p99")), ms(b.get("p99")),
                               f"{errors_cell(n)} / {errors_cell(b)}"])
        else:
            m = r.first()
            if not m:
                continue
            runtime = r.label.split(",")[0]
            (wrk_node if runtime == "node" else wrk_bun).append(m.get("rps"))
            wrk_rows.append([r.seq, f"wrk ({runtime} alone)",
                             num(m.get("rps")) if runtime == "node" else "",
                             num(m.get("rps")) if runtime == "bun" else "", "",
                             ms(m.get("p99")) if runtime == "node" else "",
                             ms(m.get("p99")) if runtime == "bun" else "", errors_cell(m)])
    lines = ["Same file (`targets/books-api.js`, GET /api/books, 10 books serialised per request) under "
             "both runtimes. In the engine's tests both servers are loaded at once and share the target "
             "CPU; wrk loads each alone with the whole target CPU.", "",
             f"Fixed rate, both raced in one engine test (-q 2000 each, -c 50):", ""]
    lines += table(["#", "node req/s", "bun req/s", "node p50 ms", "bun p50 ms", "node p99 ms",
                    "bun p99 ms", "errors node / bun"], fixed) if fixed else ["(no engine runs)"]
    lines += ["", "Maximum throughput (closed, -c 50):", ""]
    lines += table(["#", "tool", "node req/s", "bun req/s", "bun/node", "node p99 ms", "bun p99 ms",
                    "errors"], sorted(closed + wrk_rows, key=lambda row: row[0]))
    er = mean(eng_ratios)
    wr = mean(wrk_bun) / mean(wrk_node) if mean(wrk_node) and mean(wrk_bun) is not None else None
    lines += ["", f"Bun/Node req/s: engine {num(er, 2)}{spread(eng_ratios)}, wrk {num(wr, 2)} "
                  f"(mean Bun / mean Node)."]
    if er is None or wr is None:
        return lines, verdict("n/a", "needs both engine and wrk runs")
    same_rank = (er > 1) == (wr > 1)
    close = abs(er / wr - 1) <= USECASE_RATIO_TOLERANCE
    winner = "Bun" if wr > 1 else "Node"
    text = (f"Bun/Node = {er:.2f} (engine) vs {wr:.2f} (wrk): "
            f"{'same' if same_rank else 'different'} ranking ({winner} faster per wrk), ratios differ by "
            f"{abs(er / wr - 1) * 100:.0f}% (our goal: same ranking, within "
            f"{USECASE_RATIO_TOLERANCE * 100:.0f}%)")
    return lines, verdict("PASS" if same_rank and close else "FAIL", text)


def sec_cost(runs, env):
    rows, notes, per_run = [], [], []
    per = {}
    runs = [r for r in runs if r.first()]
    for r in runs:
        m = r.first()
        if not m:
            continue
        cores = r.cpu_steady_cores(env["cost"])
        rps = m.get("rps")
        steady = cores / rps * 1e5 if cores is not None and rps else None
        total_cpu = r.cpu_total_s()
        incl = total_cpu / m["total"] * 1e5 if total_cpu and m.get("total") else None
        per.setdefault(r.tool, []).append(steady)
        per_run.append(steady)
        heap = "–"
        if r.tool == "engine":
            h0 = parse_heap(r.path + ".heap-start.txt")
            h1 = parse_heap(r.path + ".heap-end.txt")
            if h0 is not None or h1 is not None:
                heap = f"{num(h0 / 1024 if h0 else None, 1)} → {num(h1 / 1024 if h1 else None, 1)} MiB"
                if h0 and h1:
                    notes.append(f"#{r.seq} ({r.label}): heap after GC {h0 / 1024:.1f} → {h1 / 1024:.1f} MiB")
        rss = (r.rusage or {}).get("maxrss_kb")
        rows.append([r.seq, r.tool, r.label, num(rps), num(m.get("total")), num(cores, 2), num(steady, 2),
                     num(incl, 2), num(rss / 1024 if rss else None), heap])
    lines = table(["#", "tool", "run", "req/s", "requests", "CPU (cores, steady)",
                   "CPU-s per 100k req (steady)", "CPU-s per 100k incl. start-up", "peak RSS MiB",
                   "heap after GC: start → end"], rows)
    soak = env["soak"]
    lines += ["", f"Runs last {env['cost']} s" + ("" if soak else
              " (not a soak: SOAK=1 runs 5 minutes)") + ". Steady CPU comes from /proc/<pid>/stat "
              "samples over the measured window; 'incl. start-up' divides all CPU the process used "
              "(JVM start, JIT, warm-up) by the measured requests. Heap is `jcmd GC.heap_info` right "
              "after `jcmd GC.run`, first as soon as the JVM accepts an attach (during warm-up), then "
              "2 s before the run ends."]
    e = mean([steady for r, steady in zip(runs, per_run) if r.tool == "engine" and "closed" in r.label])
    w = mean(per.get("wrk", []))
    parts = []
    if e is not None:
        parts.append(f"engine {e:.2f} CPU-s per 100k requests at max throughput")
    if w is not None:
        parts.append(f"wrk {w:.2f} CPU-s per 100k requests")
    if e is not None and w:
        parts[-1] += f" (the engine uses {e / w:.1f}× wrk's CPU per request)"
    parts += notes
    if not parts:
        return lines, verdict("n/a", "no runs")
    return lines, verdict("measured", "; ".join(parts) + ("" if soak else " (short run, not a soak)"))


SECTION_FUNCS = {"throughput": sec_throughput, "rate": sec_rate, "floor": sec_floor, "co": sec_co,
                 "aa": sec_aa, "usecase": sec_usecase, "cost": sec_cost}


def render_section(raw, name, runs, env):
    mine = [r for r in runs if r.section == name]
    body, verdict_line = SECTION_FUNCS[name](mine, env)
    out = [f"## {TITLES[name]}", ""]
    for note in skipped(raw).get(name, []):
        out.append(f"_{note}_")
        out.append("")
    out += body + [""]
    fails = failed_rows(mine)
    if fails:
        out += fails + [""]
    disturbed = other_load_lines(mine)
    if disturbed:
        out += disturbed + [""]
        # A pass or fail taken while something else used the CPU proves nothing.
        verdict_line = verdict_line.replace("**Verdict: ", "**Verdict (disturbed: rerun): ", 1)
    out += [verdict_line, ""]
    warn = [f"- #{r.seq}: wrk text and Lua percentiles disagree: {w}"
            for r in mine for w in r.first().get("warnings", [])]
    if warn:
        out += warn + [""]
    return out, verdict_line


def skipped(raw):
    notes = {}
    path = os.path.join(raw, "skipped.tsv")
    if os.path.exists(path):
        for line in open(path):
            if "\t" in line:
                s, why = line.rstrip("\n").split("\t", 1)
                notes.setdefault(s, []).append(f"{'Skipped' if why.startswith('needs') else 'Note'}: {why}")
    return notes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--section", choices=SECTIONS)
    g.add_argument("--summary", action="store_true")
    a = ap.parse_args()
    env = {
        "dur": int(os.environ.get("BENCH_DURATION_S", "10")),
        "co": int(os.environ.get("BENCH_CO_S", "20")),
        "cost": int(os.environ.get("BENCH_COST_S", "20")),
        "soak": os.environ.get("BENCH_SOAK") == "1",
        "quick": os.environ.get("BENCH_QUICK") == "1",
    }
    runs = load_runs(a.raw)
    if a.section:
        print("\n".join(render_section(a.raw, a.section, runs, env)[0]))
        return
    ran = [s for s in SECTIONS if any(r.section == s for r in runs)]
    bodies, verdicts = [], []
    for s in ran:
        body, v = render_section(a.raw, s, runs, env)
        bodies += body
        verdicts.append(f"- {s}: {v.replace('**', '')}")
    for s, notes in skipped(a.raw).items():
        if s not in ran:
            verdicts.append(f"- {s}: not run — {'; '.join(notes)}")
    facts = open(os.path.join(a.raw, "facts.md")).read().rstrip("\n")
    transports = sorted({r.doc.get("transport", "?") for r in runs if r.tool == "engine" and r.doc})
    if transports:
        facts += f"\n- engine transport (from its JSON): {', '.join(transports)}"
    out = ["# Benchmarks: oha-streaming-service engine vs wrk", "",
           "Produced by `bench/run.sh`" + (" with QUICK=1 (short runs)" if env["quick"] else "")
           + f"; raw outputs in `bench/out/{os.path.basename(os.path.normpath(a.raw))}/`.", "",
           "## Machine", "", facts, "", "## Verdicts", ""] + verdicts + [""] + bodies
    print("\n".join(out).rstrip("\n"))


if __name__ == "__main__":
    sys.exit(main())
