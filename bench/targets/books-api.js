'use strict';
// The use case: a small books API, written once against node:http so the very
// same file runs under Node (`node books-api.js PORT`) and Bun
// (`bun books-api.js PORT`). Each response is serialised per request, as a
// real API would, so the runtime's HTTP stack and JSON speed both count.
//
//   GET /api/books      -> 200, JSON list of 10 books
//   GET /api/books/:id  -> 200, one book; 404 if there is no such id
//   anything else       -> 404
const http = require('node:http');

const port = Number(process.argv[2] || process.env.PORT || 0);
const runtime = typeof Bun !== 'undefined' ? `bun ${Bun.version}` : `node ${process.version}`;

const titles = [
  ['Dune', 'Frank Herbert', 1965], ['Neuromancer', 'William Gibson', 1984],
  ['The Left Hand of Darkness', 'Ursula K. Le Guin', 1969], ['Foundation', 'Isaac Asimov', 1951],
  ['Hyperion', 'Dan Simmons', 1989], ['Snow Crash', 'Neal Stephenson', 1992],
  ['The Dispossessed', 'Ursula K. Le Guin', 1974], ['Solaris', 'Stanislaw Lem', 1961],
  ['Kindred', 'Octavia E. Butler', 1979], ['The Stars My Destination', 'Alfred Bester', 1956],
];
const books = titles.map(([title, author, year], i) => ({ id: i + 1, title, author, year, in_stock: i % 3 !== 0 }));
const byId = new Map(books.map((b) => [String(b.id), b]));

function send(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?', 1)[0];
  if (req.method === 'GET' && path === '/api/books') return send(res, 200, books);
  const m = req.method === 'GET' && /^\/api\/books\/([^/]+)$/.exec(path);
  const book = m && byId.get(m[1]);
  if (book) return send(res, 200, book);
  return send(res, 404, { error: 'not found' });
});
server.keepAliveTimeout = 120000;
server.listen(port, '127.0.0.1', () => {
  console.log(`books-api (${runtime}) listening on 127.0.0.1:${server.address().port}`);
});
