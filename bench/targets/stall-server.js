'use strict';
// A server with a known, periodic stall, for the coordinated-omission test.
//
// Normally every request is answered SERVICE_MS (20) after it arrives. But in
// each PERIOD_MS (5000) cycle the last FREEZE_MS (1000) are a freeze: a request
// that arrives u ms into the freeze is held until the freeze ends and then
// answered SERVICE_MS later, i.e. after (FREEZE_MS - u) + SERVICE_MS. The rule
// depends only on the arrival time, so the response-time distribution under an
// evenly spaced open-model load is exact and can be derived (see
// bench/lib/report.py, analytic_stall_quantile). A request already being served
// when a freeze starts is not affected.
//
// The cycle is anchored at the first request the server sees, so the first
// freeze starts 4 s after load begins. GET /__rearm makes the next request
// re-anchor the cycle; bench/run.sh calls it before every run so each run sees
// the same timeline (freezes at 4-5 s, 9-10 s, ... after its first request).
//
// Usage: node stall-server.js PORT [SERVICE_MS] [PERIOD_MS] [FREEZE_MS]
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const port = Number(process.argv[2] || process.env.PORT || 0);
const serviceMs = Number(process.argv[3] || 20);
const periodMs = Number(process.argv[4] || 5000);
const freezeMs = Number(process.argv[5] || 1000);
const freezeStartMs = periodMs - freezeMs;
const body = JSON.stringify({ ok: true });

let anchorMs = null; // performance.now() of the first request of the current timeline

function reply(res) {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const now = performance.now();
  if (req.url === '/__rearm') {
    anchorMs = null;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('rearmed\n');
    return;
  }
  if (anchorMs === null) anchorMs = now;
  const intoCycle = (now - anchorMs) % periodMs;
  // Arrived during the freeze: hold until it ends, then serve as usual.
  const holdMs = intoCycle >= freezeStartMs ? periodMs - intoCycle : 0;
  setTimeout(reply, holdMs + serviceMs, res);
});
server.keepAliveTimeout = 120000;
server.listen(port, '127.0.0.1', () => {
  console.log(`stall-server listening on 127.0.0.1:${server.address().port} ` +
    `service=${serviceMs}ms freeze=${freezeMs}ms every ${periodMs}ms`);
});
