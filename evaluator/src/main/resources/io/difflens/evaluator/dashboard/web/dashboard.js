// difflens evaluator dashboard: polls api/metrics?since=CURSOR, keeps the series it has seen, and draws one
// uPlot chart per benchmark plus a table of the latest value of every series. Plain JavaScript, no build step.
(function () {
  'use strict';

  const PALETTE = ['#3056d3', '#e4572e', '#17a398', '#f3a712', '#8e44ad', '#2e86ab', '#c0392b', '#4c9f38',
    '#d35400', '#5d6d7e'];
  const DASHES = [[], [7, 4], [2, 3], [10, 3, 2, 3]];
  const ALL = '(all)';
  const CHART_HEIGHT = 220;
  // subtask_2 before subtask_10
  const NATURAL = new Intl.Collator('en', { numeric: true });
  const token = new URLSearchParams(location.hash.slice(1)).get('token');

  // benchmarks: name -> { series: Map(id -> series), chart, el, signature }
  // series: { id, benchmark, category, metric, version, samples: Map(windowKey -> sample), sorted: [] }
  let state = freshState();

  function freshState() {
    return { epoch: null, cursor: 0, pollMillis: 1000, maxSamples: 1440, benchmarks: new Map() };
  }

  function fmt(v) {
    if (v == null || !isFinite(v)) return '–';
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(3);
    return v.toFixed(4);
  }

  function fmtTime(ms) {
    return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  function seriesLabel(s) {
    return (s.category == null ? ALL : s.category) + ' · ' + s.metric + ' · ' + s.version;
  }

  async function poll() {
    let delay = state.pollMillis;
    try {
      const headers = token ? { Authorization: 'Bearer ' + token } : {};
      const res = await fetch('api/metrics?since=' + state.cursor, { headers: headers, cache: 'no-store' });
      if (!res.ok) {
        throw new Error('HTTP ' + res.status + (res.status === 401 ? ' (open the page as /#token=…)' : ''));
      }
      const changed = merge(await res.json());
      changed.forEach(renderChart);
      if (changed.size > 0) renderTable();
      setStatus('live', 'live · ' + countSeries() + ' series · updated ' + new Date().toLocaleTimeString());
    } catch (e) {
      setStatus('error', 'disconnected: ' + e.message);
      delay = Math.max(delay, 3000);
    }
    setTimeout(poll, delay);
  }

  // Folds one API body into the state; returns the names of the benchmarks whose data changed.
  function merge(body) {
    if (body.epoch !== state.epoch) {
      // The evaluator restarted: what we hold may no longer exist. Start over from this (full) answer
      // only if it was a full answer; otherwise ask again from the beginning.
      const wasIncremental = state.cursor !== 0;
      state.benchmarks.forEach(b => b.chart && b.chart.destroy());
      document.getElementById('charts').textContent = '';
      state = freshState();
      state.epoch = body.epoch;
      if (wasIncremental) return new Set();
    }
    // Highlight only what arrived after the first load.
    const incremental = state.cursor !== 0;
    state.cursor = body.cursor;
    state.pollMillis = body.pollMillis;
    state.maxSamples = body.maxSamplesPerSeries;
    const changed = new Set();
    for (const b of body.benchmarks) {
      let bench = state.benchmarks.get(b.name);
      if (!bench) {
        bench = { name: b.name, series: new Map(), chart: null, el: null, signature: '' };
        state.benchmarks.set(b.name, bench);
      }
      for (const s of b.series) {
        let series = bench.series.get(s.id);
        if (!series) {
          series = { id: s.id, benchmark: b.name, category: s.category, metric: s.metric, version: s.version,
            samples: new Map(), sorted: [] };
          bench.series.set(s.id, series);
        }
        for (const p of s.samples) series.samples.set(p.windowStart + ':' + p.t, p);
        series.sorted = Array.from(series.samples.values())
          .sort((x, y) => (x.t - y.t) || (x.windowStart - y.windowStart));
        while (series.sorted.length > state.maxSamples) {
          const dropped = series.sorted.shift();
          series.samples.delete(dropped.windowStart + ':' + dropped.t);
        }
        series.latest = series.sorted[series.sorted.length - 1];
        series.fresh = incremental;
      }
      changed.add(b.name);
    }
    return changed;
  }

  function countSeries() {
    let n = 0;
    state.benchmarks.forEach(b => { n += b.series.size; });
    return n;
  }

  // Colour by category and metric, dash by model version, so a version change reads as a new line style.
  function styles(bench) {
    const list = Array.from(bench.series.values()).sort((a, b) => NATURAL.compare(seriesLabel(a), seriesLabel(b)));
    const lines = [...new Set(list.map(s => (s.category == null ? ALL : s.category) + '|' + s.metric))];
    const versions = [...new Set(list.map(s => s.version))].sort();
    list.forEach(s => {
      s.color = PALETTE[lines.indexOf((s.category == null ? ALL : s.category) + '|' + s.metric) % PALETTE.length];
      s.dash = DASHES[versions.indexOf(s.version) % DASHES.length];
    });
    return list;
  }

  function chartData(list) {
    const xs = [...new Set(list.flatMap(s => s.sorted.map(p => p.t)))].sort((a, b) => a - b);
    const at = new Map(xs.map((x, i) => [x, i]));
    const ys = list.map(s => {
      const row = new Array(xs.length).fill(null);
      // Several windows can end at the same time (hopping windows of different sizes): the last one wins.
      s.sorted.forEach(p => { row[at.get(p.t)] = p.value; });
      return row;
    });
    return [xs.map(x => x / 1000)].concat(ys);
  }

  function chartWidth(el) {
    return Math.max(320, Math.floor(el.getBoundingClientRect().width));
  }

  function renderChart(name) {
    const bench = state.benchmarks.get(name);
    const list = styles(bench);
    const data = chartData(list);
    const signature = list.map(s => s.id).join('\n');
    if (!bench.el) {
      bench.el = createCard(name);
    }
    const total = list.reduce((n, s) => n + (s.latest ? s.latest.count : 0), 0);
    bench.el.querySelector('.meta').textContent = list.length + ' series · ' + total + ' scored in latest windows';
    const holder = bench.el.querySelector('.chart');
    if (bench.chart && bench.signature === signature) {
      bench.chart.setData(data);
    } else {
      if (bench.chart) bench.chart.destroy();
      bench.chart = new uPlot(chartOptions(list, chartWidth(holder), bench.el.querySelector('.legend')), data, holder);
      bench.signature = signature;
    }
    holder.dataset.points = String(data[0].length);
  }

  function chartOptions(list, width, legendBox) {
    return {
      width: width,
      height: CHART_HEIGHT,
      scales: { x: { time: true } },
      // Axes in UTC like the legend and the table, whatever the viewer's time zone.
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { focus: { prox: 24 } },
      focus: { alpha: 0.35 },
      legend: {
        live: true,
        // In its own scrolling box under the chart, so twenty series do not push the page down.
        mount: (u, el) => legendBox.replaceChildren(el),
        // Markers echo the line style: solid for the first model version, dashed outline for the others.
        markers: {
          fill: (u, sidx) => (sidx === 0 ? null : list[sidx - 1].dash.length ? list[sidx - 1].color + '40' : list[sidx - 1].color),
          dash: (u, sidx) => (sidx > 0 && list[sidx - 1].dash.length ? 'dashed' : 'solid'),
        },
      },
      axes: [
        { stroke: '#6b7685', grid: { stroke: '#eef1f5' }, ticks: { stroke: '#e3e7ee' } },
        { stroke: '#6b7685', grid: { stroke: '#eef1f5' }, ticks: { stroke: '#e3e7ee' }, size: 50 },
      ],
      series: [{
        label: 'window end',
        // With no cursor on the plot, the legend shows the latest values rather than blanks.
        value: (u, v, sidx, idx) => idx == null ? latestTime(list) : fmtTime(v * 1000),
      }].concat(list.map(s => ({
        label: seriesLabel(s),
        stroke: s.color,
        width: 2,
        dash: s.dash,
        spanGaps: true,
        points: { show: true, size: 5 },
        value: (u, v, sidx, idx) => idx == null ? fmt(s.latest && s.latest.value) : fmt(v),
      }))),
      hooks: {
        draw: [u => { u.root.dataset.drawn = String(u.data[0].length); }],
      },
    };
  }

  function latestTime(list) {
    const t = Math.max(...list.map(s => (s.latest ? s.latest.t : -Infinity)));
    return isFinite(t) ? fmtTime(t) : '–';
  }

  function createCard(name) {
    const card = document.createElement('article');
    card.className = 'card bench';
    card.dataset.benchmark = name;
    const title = document.createElement('h2');
    title.textContent = name;
    const meta = document.createElement('span');
    meta.className = 'meta';
    title.appendChild(meta);
    const holder = document.createElement('div');
    holder.className = 'chart';
    const legend = document.createElement('div');
    legend.className = 'legend';
    card.append(title, holder, legend);
    const charts = document.getElementById('charts');
    const after = Array.from(charts.children).find(c => c.dataset.benchmark > name);
    charts.insertBefore(card, after || null);
    document.getElementById('empty').hidden = true;
    return card;
  }

  function renderTable() {
    const body = document.querySelector('#latest tbody');
    const rows = [];
    Array.from(state.benchmarks.keys()).sort().forEach(name => {
      styles(state.benchmarks.get(name)).forEach(s => rows.push(s));
    });
    const fragment = document.createDocumentFragment();
    rows.forEach(s => {
      const tr = document.createElement('tr');
      tr.dataset.series = s.id;
      if (s.fresh) tr.className = 'fresh';
      s.fresh = false;
      const first = cell(tr, s.benchmark);
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.border = '1px ' + (s.dash.length ? 'dashed ' : 'solid ') + s.color;
      swatch.style.background = s.dash.length ? s.color + '40' : s.color;
      first.prepend(swatch);
      cell(tr, s.category == null ? ALL : s.category);
      cell(tr, s.metric);
      cell(tr, s.version);
      const value = cell(tr, fmt(s.latest.value), 'num value');
      value.dataset.series = s.id;
      value.dataset.value = String(s.latest.value);
      cell(tr, String(s.latest.count), 'num count');
      cell(tr, fmtTime(s.latest.t));
      cell(tr, String(s.sorted.length), 'num');
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
  }

  function cell(tr, text, className) {
    const td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function setStatus(kind, text) {
    document.getElementById('status').dataset.state = kind;
    document.getElementById('status-text').textContent = text;
  }

  window.addEventListener('resize', () => {
    state.benchmarks.forEach(b => {
      if (b.chart) b.chart.setSize({ width: chartWidth(b.el.querySelector('.chart')), height: CHART_HEIGHT });
    });
  });

  poll();
})();
