'use strict';
// A minimal open-model reference client, used only to check the stall
// server's timing against the analytic figures independently of the engine.
// It plans request i at start + WARMUP + i/RATE, sends it over a keep-alive
// pool of at most CONNS connections (queueing when all are busy, as the
// engine does), and measures response time from the planned send. Requests
// planned during the warm-up are sent but not recorded.
//
// Usage: node open-probe.js URL RATE DURATION_S CONNS [WARMUP_S]
// Prints one JSON line: {"requests", "errors", "p50_ms", ..., "max_ms"}.
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const [url, rate, durationS, conns, warmupS = '0'] = process.argv.slice(2);
const perSecond = Number(rate);
const warmupMs = Number(warmupS) * 1000;
const endMs = warmupMs + Number(durationS) * 1000;
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(conns) });
const latencies = [];
let errors = 0;
let outstanding = 0;
let next = 0;
const start = performance.now();

function send(plannedMs) {
  outstanding++;
  const record = plannedMs >= warmupMs;
  const req = http.get(url, { agent }, (res) => {
    res.resume();
    res.on('end', () => {
      if (record) latencies.push(performance.now() - start - plannedMs);
      done();
    });
  });
  req.on('error', () => { if (record) errors++; done(); });
}

function done() {
  if (--outstanding === 0 && next * 1000 / perSecond >= endMs) finish();
}

// Send everything that is due, then sleep until the next planned time.
function tick() {
  const now = performance.now() - start;
  while (next * 1000 / perSecond <= now && next * 1000 / perSecond < endMs) {
    send(next * 1000 / perSecond);
    next++;
  }
  if (next * 1000 / perSecond < endMs) setTimeout(tick, Math.max(0, next * 1000 / perSecond - now));
}

function finish() {
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
  const out = { requests: latencies.length, errors };
  for (const [k, p] of [['p50', 0.5], ['p90', 0.9], ['p95', 0.95], ['p99', 0.99], ['p999', 0.999]]) {
    out[`${k}_ms`] = Number(q(p).toFixed(2));
  }
  out.max_ms = Number(latencies[latencies.length - 1].toFixed(2));
  console.log(JSON.stringify(out));
  agent.destroy();
}

tick();
