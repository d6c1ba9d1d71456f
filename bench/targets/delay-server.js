'use strict';
// Answers every request after a fixed delay with a small JSON body.
// Used by the "floor" and "aa" sections: a server whose latency is known
// (DELAY_MS, default 20) so that anything above it is the load generator's.
//
// Usage: node delay-server.js PORT [DELAY_MS]
const http = require('node:http');

const port = Number(process.argv[2] || process.env.PORT || 0);
const delayMs = Number(process.argv[3] || process.env.DELAY_MS || 20);
const body = JSON.stringify({ ok: true, delay_ms: delayMs });

const server = http.createServer((req, res) => {
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }, delayMs);
});
// Keep idle keep-alive connections open across a whole run (Node's default is 5 s).
server.keepAliveTimeout = 120000;
server.listen(port, '127.0.0.1', () => {
  console.log(`delay-server listening on 127.0.0.1:${server.address().port} delay=${delayMs}ms`);
});
