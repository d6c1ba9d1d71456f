// The live figures and the final results, with the leading target of each column marked.

const LIVE_COLUMNS = [
  { label: 'Sent', value: (p) => p.requests_sent, better: 'high', digits: 0 },
  { label: 'Received', value: (p) => p.responses_received, better: 'high', digits: 0 },
  { label: 'Errors', value: (p) => p.errors, better: 'low', digits: 0 },
  { label: 'Req/s', value: (p) => p.current_rps, better: 'high', digits: 1 },
  { label: 'Avg ms', value: (p) => p.avg_latency_ms, better: 'low', digits: 2 },
  { label: 'p95 ms', value: (p) => p.p95_latency_ms, better: 'low', digits: 2 },
];

const RESULT_ROWS = [
  { label: 'requests/s', key: 'requests_per_second', better: 'high', digits: 1 },
  { label: 'avg', key: 'avg_latency_ms', better: 'low', digits: 2, unit: ' ms' },
  { label: 'p50', key: 'p50_latency_ms', better: 'low', digits: 2, unit: ' ms' },
  { label: 'p95', key: 'p95_latency_ms', better: 'low', digits: 2, unit: ' ms' },
  { label: 'p99', key: 'p99_latency_ms', better: 'low', digits: 2, unit: ' ms' },
  { label: 'max', key: 'max_latency_ms', better: 'low', digits: 2, unit: ' ms' },
  { label: 'errors', key: 'failed_requests', better: 'low', digits: 0 },
];

function cell(tag, text, className) {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) {
    element.className = className;
  }
  return element;
}

function format(value, digits) {
  return Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '–';
}

// Index of the best of values (ties: none), or -1 when there is nothing to compare.
function leader(values, better) {
  if (values.length < 2 || values.some((v) => !Number.isFinite(v))) {
    return -1;
  }
  const best = better === 'high' ? Math.max(...values) : Math.min(...values);
  const at = values.filter((v) => v === best).length === 1 ? values.indexOf(best) : -1;
  return at;
}

export function renderLiveTable(table, targets, progress) {
  const head = document.createElement('tr');
  head.append(cell('th', 'Target'), ...LIVE_COLUMNS.map((c) => cell('th', c.label)));
  const rows = targets.map((name) => {
    const row = document.createElement('tr');
    row.dataset.target = name;
    row.append(cell('td', name));
    return row;
  });
  for (const column of LIVE_COLUMNS) {
    const values = targets.map((name) =>
      progress.has(name) ? column.value(progress.get(name)) : NaN,
    );
    const lead = leader(values, column.better);
    values.forEach((v, i) => rows[i].append(cell('td', format(v, column.digits), i === lead ? 'lead' : '')));
  }
  table.replaceChildren(head, ...rows);
}

// How much better the best target is than the runner-up on one figure, e.g. "bun 1.8× node".
function ratio(row, names, values) {
  const order = values
    .map((v, i) => ({ v, name: names[i] }))
    .sort((a, b) => (row.better === 'high' ? b.v - a.v : a.v - b.v));
  const [best, next] = order;
  if (!next || best.v === next.v) {
    return { winner: null, text: 'tie' };
  }
  const factor = row.better === 'high' ? best.v / next.v : next.v / best.v;
  const text = Number.isFinite(factor)
    ? `${best.name} ${factor.toFixed(factor < 10 ? 2 : 1)}× ${next.name} on ${row.label}`
    : `${best.name} ahead of ${next.name} on ${row.label}`;
  return { winner: best.name, text };
}

// Renders the results table; returns the overall winner (most figures won), or null.
export function renderResults(table, winnerLine, results) {
  const names = results.map((r) => r.runtime);
  const head = document.createElement('tr');
  head.append(cell('th', 'Metric'), ...names.map((n) => cell('th', n)), cell('th', 'Ratio'));
  const wins = new Map(names.map((n) => [n, 0]));
  const rows = RESULT_ROWS.map((spec) => {
    const values = results.map((r) => r[spec.key]);
    const lead = leader(values, spec.better);
    const compared = ratio(spec, names, values);
    if (compared.winner) {
      wins.set(compared.winner, wins.get(compared.winner) + 1);
    }
    const row = document.createElement('tr');
    row.dataset.metric = spec.key;
    row.append(cell('td', spec.label));
    values.forEach((v, i) =>
      row.append(cell('td', format(v, spec.digits) + (spec.unit || ''), i === lead ? 'lead' : '')),
    );
    row.append(cell('td', compared.text));
    return row;
  });
  table.replaceChildren(head, ...rows);
  const ranked = [...wins.entries()].sort((a, b) => b[1] - a[1]);
  const winner = ranked.length > 1 && ranked[0][1] > ranked[1][1] ? ranked[0][0] : null;
  winnerLine.textContent = winner
    ? `Winner: ${winner} (best on ${ranked[0][1]} of ${RESULT_ROWS.length} figures)`
    : names.length > 1
      ? 'No clear winner'
      : `${names[0] || ''}: results`;
  return winner;
}
