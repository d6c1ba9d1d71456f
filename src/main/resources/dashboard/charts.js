// uPlot charts: per target, side by side, one row per figure with the same axes in every column;
// and the percentile distribution of finished results on a log "1 in N" axis.
import uPlot from '/vendor/uplot/uPlot.esm.js';

export const PALETTE = ['#2f6fdd', '#e67e22', '#27ae60', '#8e44ad', '#c0392b', '#16a085'];

const ROWS = [
  {
    title: 'Requests/s',
    series: (color) => [{ label: 'req/s', stroke: color, width: 2 }],
    values: (p) => [p.rps],
  },
  {
    title: 'Latency of the interval (ms)',
    series: () => [
      { label: 'p50', stroke: '#27ae60', width: 1.5 },
      { label: 'p95', stroke: '#e67e22', width: 1.5 },
      { label: 'p99', stroke: '#c0392b', width: 2 },
    ],
    values: (p) => [p.p50_ms, p.p95_ms, p.p99_ms],
  },
  {
    title: 'Errors per interval',
    series: (color) => [{ label: 'errors', stroke: color, width: 1.5, fill: color + '22' }],
    values: (p) => [p.errors],
  },
];

function columns(points, row) {
  const data = [points.map((p) => p.t_seconds)];
  const width = row.values(points[0] || {}).length;
  for (let i = 0; i < width; i++) {
    data.push(points.map((p) => row.values(p)[i]));
  }
  return data;
}

export class RaceCharts {
  constructor(container, targets, durationSeconds) {
    this.container = container;
    this.targets = targets;
    this.xMax = Math.max(1, durationSeconds);
    this.yMax = ROWS.map(() => 1);
    this.points = new Map(targets.map((name) => [name, []]));
    this.plots = [];
    container.replaceChildren();
    container.style.gridTemplateColumns = `repeat(${targets.length}, minmax(0, 1fr))`;
    const width = Math.max(240, Math.floor(container.clientWidth / targets.length) - 16);
    const sync = uPlot.sync('race');
    ROWS.forEach((row, rowIndex) => {
      targets.forEach((name, column) => {
        const cell = document.createElement('div');
        cell.className = 'chart';
        cell.dataset.target = name;
        cell.dataset.row = String(rowIndex);
        cell.dataset.points = '0';
        const title = document.createElement('p');
        title.className = 'chart-title';
        title.textContent = `${name} · ${row.title}`;
        cell.append(title);
        container.append(cell);
        const options = {
          width,
          height: 150,
          legend: { show: rowIndex === 1 },
          cursor: { sync: { key: sync.key } },
          scales: {
            x: { time: false, range: () => [0, this.xMax] },
            y: { range: () => [0, this.yMax[rowIndex]] },
          },
          axes: [{ size: 30 }, { size: 48 }],
          series: [{ label: 's' }, ...row.series(PALETTE[column % PALETTE.length])],
        };
        const plot = new uPlot(options, columns([], row), cell);
        this.plots.push({ plot, row, rowIndex, name, cell });
      });
    });
  }

  // Replaces a target's points (oldest first) and redraws every chart on the shared axes.
  setPoints(name, points) {
    if (!this.points.has(name)) {
      return;
    }
    this.points.set(name, points);
    this.redraw();
  }

  pointsOf(name) {
    return this.points.get(name) || [];
  }

  redraw() {
    const last = [...this.points.values()].flat().reduce((m, p) => Math.max(m, p.t_seconds), 0);
    this.xMax = Math.max(this.xMax, last);
    this.yMax = ROWS.map((row) => {
      const all = [...this.points.values()].flat().flatMap((p) => row.values(p));
      return Math.max(1, ...all.filter((v) => Number.isFinite(v))) * 1.1;
    });
    for (const { plot, row, name, cell } of this.plots) {
      const points = this.points.get(name);
      plot.setData(columns(points, row));
      cell.dataset.points = String(points.length);
    }
  }
}

// Latency (ms) against "1 in N requests is slower", log scaled as HdrHistogram plots are.
export function percentileChart(container, targets) {
  container.replaceChildren();
  const tables = targets.map((t) => [t.levels.map((l) => l.one_in), t.levels.map((l) => l.value_ms)]);
  const data = tables.length > 0 ? uPlot.join(tables) : [[]];
  const percentOf = (n) => `${Number((100 * (1 - 1 / n)).toPrecision(6))}%`;
  // Ticks at powers of ten only (1 → 0%, 10 → 90%, 100 → 99%, …): minor log ticks stay unnamed.
  const label = (n) => {
    const exponent = Math.log10(n);
    return n >= 1 && Math.abs(exponent - Math.round(exponent)) < 1e-9 ? percentOf(n) : '';
  };
  const options = {
    width: Math.max(320, container.clientWidth || 640),
    height: 260,
    scales: { x: { time: false, distr: 3, log: 10 }, y: { distr: 3, log: 10 } },
    axes: [
      { label: 'percentile (1 in N slower)', values: (u, splits) => splits.map(label), size: 40 },
      { label: 'ms', size: 56 },
    ],
    series: [
      { label: 'percentile', value: (u, v) => (v == null || v < 1 ? '' : percentOf(v)) },
      ...targets.map((t, i) => ({
        label: t.name,
        stroke: PALETTE[i % PALETTE.length],
        width: 2,
        spanGaps: true,
      })),
    ],
  };
  return new uPlot(options, data, container);
}
