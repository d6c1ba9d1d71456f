// The dashboard: one test on screen at a time, live from /ws or replayed from the API.
import { getJson, postJson } from './api.js';
import { connectLive } from './live.js';
import { RaceCharts, percentileChart } from './charts.js';
import { renderLiveTable, renderResults } from './tables.js';
import { setUpForm, showError } from './form.js';

const $ = (selector) => document.querySelector(selector);
const tests = new Map(); // test id → what the page knows of it
let current = null; // the test on screen
let charts = null;

function testOf(id, config) {
  if (!tests.has(id)) {
    tests.set(id, {
      id,
      config: null,
      targets: [],
      progress: new Map(),
      points: new Map(),
      results: new Map(),
      status: 'Running',
      errors: [],
    });
  }
  const test = tests.get(id);
  if (config && !test.config) {
    test.config = config;
    test.targets = config.targets.map((t) => t.name);
    test.targets.forEach((name) => test.points.has(name) || test.points.set(name, []));
  }
  return test;
}

// A live Progress message as a series point, errors counted for its interval only.
function pointOf(test, progress) {
  const previous = test.progress.get(progress.runtime);
  const samePhase = previous && previous.phase === progress.phase;
  return {
    t_seconds: progress.elapsed_seconds,
    rps: progress.current_rps,
    p50_ms: progress.interval_p50_latency_ms,
    p95_ms: progress.interval_p95_latency_ms,
    p99_ms: progress.interval_p99_latency_ms,
    errors: samePhase ? Math.max(0, progress.errors - previous.errors) : progress.errors,
    in_flight: progress.in_flight,
  };
}

function onProgress(progress) {
  const test = testOf(progress.test_id);
  const points = test.points.get(progress.runtime) || [];
  const last = points[points.length - 1];
  if (!last || progress.elapsed_seconds > last.t_seconds) {
    points.push(pointOf(test, progress));
    test.points.set(progress.runtime, points);
  }
  test.progress.set(progress.runtime, progress);
  if (current === test) {
    charts && charts.setPoints(progress.runtime, points);
    renderFigures(test);
  }
}

function onSnapshot(snapshot) {
  for (const entry of snapshot.tests) {
    const test = testOf(entry.test_id, entry.started.config);
    for (const series of entry.timeseries) {
      test.points.set(series.name, series.points);
    }
    for (const progress of entry.progress) {
      test.progress.set(progress.runtime, progress);
    }
  }
  if (current && tests.has(current.id)) {
    show(current);
  } else if (snapshot.tests.length > 0) {
    select(snapshot.tests[snapshot.tests.length - 1].test_id);
  }
}

function onCompleted(message) {
  const test = testOf(message.test_id);
  test.results.set(message.runtime, message.results);
  if (test.targets.length > 0 && test.results.size >= test.targets.length) {
    finish(test);
  }
}

async function finish(test) {
  const status = await getJson(`/api/test/status/${test.id}`).catch(() => null);
  test.status = status ? status.status : 'Completed';
  if (current === test) {
    show(test);
  }
  loadHistory();
}

const handlers = {
  Snapshot: onSnapshot,
  TestStarted: (m) => {
    testOf(m.test_id, m.config);
    if (!current) {
      select(m.test_id);
    }
  },
  Progress: onProgress,
  TestCompleted: onCompleted,
  TestError: (m) => {
    const test = testOf(m.test_id);
    test.errors.push(`${m.runtime}: ${m.error}`);
    if (current === test) {
      renderStatus(test);
    }
  },
  Disconnected: (m) => {
    $('#connection').textContent = `disconnected: ${m.reason}`;
  },
};

const live = connectLive({
  onMessage: (message) => (handlers[message.type] || (() => {}))(message),
  onState: (state, retryMs) => {
    const badge = $('#connection');
    badge.dataset.state = state;
    badge.textContent =
      state === 'closed' ? `offline, retrying in ${Math.round(retryMs / 1000)} s` : state;
  },
});

function select(id) {
  current = testOf(id);
  live.subscribe(id);
  show(current);
}

function renderStatus(test) {
  const config = test.config || {};
  const rate = config.rate_per_second ? `${config.rate_per_second} req/s per target` : 'max throughput';
  $('#test-title').textContent = `Test ${test.id.slice(0, 8)} · ${test.targets.join(' vs ')}`;
  $('#test-status').textContent =
    `${test.status} · ${config.duration_seconds ?? '?'} s · ${config.connections ?? '?'} ` +
    `connections · ${rate}` + (test.errors.length ? ` · ${test.errors.join('; ')}` : '');
  $('#test-status').dataset.status = test.status;
  $('#stop-button').disabled = test.status !== 'Running';
}

function renderFigures(test) {
  renderLiveTable($('#live-table'), test.targets, test.progress);
}

function show(test) {
  renderStatus(test);
  if (test.config) {
    charts = new RaceCharts($('#charts'), test.targets, test.config.duration_seconds + (test.config.warmup_seconds || 0));
    test.targets.forEach((name) => charts.setPoints(name, test.points.get(name) || []));
  }
  renderFigures(test);
  const done = test.status !== 'Running' && test.results.size > 0;
  $('#results').hidden = !done;
  if (done) {
    renderResults(
      $('#results-table'),
      $('#winner'),
      test.targets.map((n) => test.results.get(n)).filter(Boolean),
    );
    getJson(`/api/test/${test.id}/percentiles`)
      .then((spectrum) => current === test && percentileChart($('#percentile-chart'), spectrum.targets))
      .catch(() => {});
  }
}

// Opens a test from the API alone: settings and results from status, charts from timeseries.
async function open(id) {
  const [status, series] = await Promise.all([
    getJson(`/api/test/status/${id}`),
    getJson(`/api/test/${id}/timeseries`).catch(() => ({ targets: [] })),
  ]);
  const test = testOf(id, status.config);
  test.status = status.status;
  for (const target of status.targets) {
    if (target.results) {
      test.results.set(target.name, target.results);
    }
    if (target.progress) {
      test.progress.set(target.name, target.progress);
    }
  }
  for (const target of series.targets) {
    test.points.set(target.name, target.points);
  }
  select(id);
}

async function loadHistory() {
  const list = await getJson('/api/tests').catch(() => ({ tests: [] }));
  const items = list.tests
    .filter((t) => t.status !== 'Running')
    .map((t) => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.dataset.testId = t.test_id;
      link.textContent = `${new Date(t.started_at).toLocaleTimeString()} · ${t.targets.join(' vs ')}`;
      link.addEventListener('click', () => open(t.test_id));
      item.append(link, document.createTextNode(` · ${t.status}`));
      return item;
    });
  $('#history').replaceChildren(...items);
}

setUpForm($('#start-form'), {
  onSubmit: async (body) => {
    $('#start-button').disabled = true;
    try {
      const started = await postJson('/api/test/start', body);
      const test = testOf(started.test_id, {
        ...body,
        rate_per_second: body.rate_per_second ?? null,
        warmup_seconds: 0,
      });
      test.status = 'Running';
      select(started.test_id);
    } catch (error) {
      showError($('#start-form'), error.field, error.message);
    } finally {
      $('#start-button').disabled = false;
    }
  },
});

$('#stop-button').addEventListener('click', () => {
  if (current && current.status === 'Running') {
    postJson(`/api/test/stop/${current.id}`).catch((error) =>
      showError($('#start-form'), null, error.message),
    );
  }
});

loadHistory();
