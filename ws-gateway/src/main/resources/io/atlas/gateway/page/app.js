// The live page: subscribes to every symbol over the gateway's public protocol and renders one row per symbol and
// model kind. No framework, no build step. Reconnects with backoff and resumes with the token and positions it saw.
(function () {
  'use strict';
  const rows = new Map();         // key -> {tr, cells, history}
  const positions = {};           // partition -> last offset received
  const latencies = [];
  let token = null, updates = 0, socket = null, backoff = 500, nextId = 1;
  const params = new URLSearchParams(location.search);
  const accessToken = params.get('access_token');
  const $ = (id) => document.getElementById(id);
  const cellOf = (tr, cls) => { const td = document.createElement('td'); if (cls) td.className = cls; tr.appendChild(td); return td; };

  function setState(state) {
    const el = $('status');
    el.textContent = state;
    el.className = 'state ' + state;
    el.dataset.state = state;
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    // Batched frames, without a linger: what the gateway has queued for the page comes in one frame, adding no delay.
    let url = scheme + '//' + location.host + '/ws?batch=true&batchLingerMs=0';
    if (accessToken) url += '&access_token=' + encodeURIComponent(accessToken);
    setState('connecting');
    socket = new WebSocket(url);
    socket.onopen = () => { setState('open'); backoff = 500; };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.op === 'batch') message.frames.forEach(handle); else handle(message);
    };
    socket.onclose = (event) => {
      setState('closed');
      $('status').title = 'closed ' + event.code + ' ' + event.reason;
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 10000);
    };
  }

  function send(request) {
    request.id = 'page-' + (nextId++);
    socket.send(JSON.stringify(request));
  }

  function handle(frame) {
    switch (frame.op) {
      case 'welcome':
        if (token) {
          send({op: 'resume', token: token, positions: positions});
        } else {
          token = frame.token;
          send({op: 'subscribe', patterns: ['*'], models: ['active', 'shadow']});
        }
        break;
      case 'ack':
        if (frame.token) token = frame.token;
        break;
      case 'error':
        if (frame.code === 'BAD_RESUME_TOKEN') {   // session gone: start afresh
          token = null;
          send({op: 'subscribe', patterns: ['*'], models: ['active', 'shadow']});
        }
        console.warn('gateway error', frame.code, frame.reason);
        break;
      case 'data':
        render(frame);
        break;
      default:
        break;
    }
  }

  function render(frame) {
    const p = frame.prediction;
    if (frame.offset !== null && frame.offset !== undefined) {
      const last = positions[frame.partition];
      if (last === undefined || frame.offset > last) positions[frame.partition] = frame.offset;
    }
    const key = frame.symbol + (frame.shadow ? ' (shadow)' : '');
    let row = rows.get(key);
    if (!row) row = addRow(key, frame);
    const c = row.cells;
    c.predicted.textContent = p.predicted;
    c.predicted.className = p.predicted;
    c.bars.children[0].style.width = (p.pDown * 100).toFixed(1) + '%';
    c.bars.children[1].style.width = (p.pFlat * 100).toFixed(1) + '%';
    c.bars.children[2].style.width = (p.pUp * 100).toFixed(1) + '%';
    c.bars.title = 'down ' + p.pDown.toFixed(3) + ' / flat ' + p.pFlat.toFixed(3) + ' / up ' + p.pUp.toFixed(3);
    c.mid.textContent = p.mid.toFixed(4);
    c.model.textContent = p.modelId + ' v' + frame.modelVersion;
    const latencyMs = Date.now() - p.exchangeTimeMicros / 1000;
    c.latency.textContent = frame.snapshot ? 'snapshot' : latencyMs.toFixed(0) + ' ms';
    c.offset.textContent = frame.partition + ':' + (frame.offset === null ? '–' : frame.offset);
    row.tr.dataset.seq = p.tickSequence;
    row.history.push(p.pUp - p.pDown);
    if (row.history.length > 60) row.history.shift();
    sparkline(c.spark, row.history);
    if (!frame.snapshot) {
      latencies.push(latencyMs);
      if (latencies.length > 500) latencies.shift();
    }
    updates++;
  }

  function addRow(key, frame) {
    const tr = document.createElement('tr');
    tr.dataset.symbol = frame.symbol;
    if (frame.shadow) tr.className = 'shadow';
    const cell = (cls) => cellOf(tr, cls);
    cell().textContent = key;
    cell().textContent = frame.prediction.venue;
    const predicted = document.createElement('span');
    cell().appendChild(predicted);
    const bars = document.createElement('div');
    bars.className = 'bars';
    ['down', 'flat', 'up'].forEach((k) => { const d = document.createElement('div'); d.className = k; bars.appendChild(d); });
    cell().appendChild(bars);
    const mid = cell('num');
    const spark = document.createElement('canvas');
    spark.width = 120; spark.height = 24;
    cell().appendChild(spark);
    const model = cell();
    const latency = cell('num');
    latency.className = 'num latency';
    const offset = cell('num');
    const row = {tr, cells: {predicted, bars, mid, spark, model, latency, offset}, history: []};
    // keep rows sorted by symbol
    const keys = [...rows.keys(), key].sort();
    const after = keys[keys.indexOf(key) + 1];
    $('rows').insertBefore(tr, after ? rows.get(after).tr : null);
    rows.set(key, row);
    return row;
  }

  function sparkline(canvas, values) {
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.strokeStyle = '#c3c9d3';
    g.beginPath(); g.moveTo(0, canvas.height / 2); g.lineTo(canvas.width, canvas.height / 2); g.stroke();
    if (values.length < 2) return;
    g.strokeStyle = '#3d6fcc';
    g.beginPath();
    values.forEach((v, i) => {
      const x = i * (canvas.width - 1) / (values.length - 1);
      const y = (1 - (v + 1) / 2) * (canvas.height - 2) + 1;
      i === 0 ? g.moveTo(x, y) : g.lineTo(x, y);
    });
    g.stroke();
  }

  // Per-hop latency, as the gateway measures it over its sliding window (GET /api/hops).
  const hopRows = new Map();      // hop -> {tr, p50, p99, bar50, bar99}
  const HOP_TITLES = {
    broker_to_inference: 'publisher ingest stamp → score start (includes producer → broker)',
    scoring: 'score start → score end',
    inference_to_predictions: 'score end → the gateway poll returned it (produce, commit, fetch)',
    predictions_to_gateway: 'poll returned → decoded, encoded once and routed to the sockets\' queues',
    gateway_to_socket: 'routed → the socket write completed'
  };

  function millis(value) {
    if (value === null || value === undefined) return '–';
    return (value < 1 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)) + ' ms';
  }

  function hopRow(hop) {
    let row = hopRows.get(hop);
    if (row) return row;
    const tr = document.createElement('tr');
    tr.dataset.hop = hop;
    tr.title = HOP_TITLES[hop] || '';
    const cell = (cls) => cellOf(tr, cls);
    cell().textContent = hop.replace(/_/g, ' ');
    const p50 = cell('num p50');
    const p99 = cell('num p99');
    const bar = document.createElement('div');
    bar.className = 'hopbar';
    const bar99 = document.createElement('div'); bar99.className = 'p99'; bar.appendChild(bar99);
    const bar50 = document.createElement('div'); bar50.className = 'p50'; bar.appendChild(bar50);
    cell().appendChild(bar);
    $('hop-rows').appendChild(tr);
    row = {tr, p50, p99, bar50, bar99};
    hopRows.set(hop, row);
    return row;
  }

  function renderHops(latest) {
    $('hop-window').textContent = latest.windowSeconds;
    const top = Math.max(0, ...latest.hops.map((h) => h.p99Ms || 0));
    latest.hops.forEach((h) => {
      const row = hopRow(h.hop);
      row.p50.textContent = millis(h.p50Ms);
      row.p99.textContent = millis(h.p99Ms);
      row.bar50.style.width = top ? ((h.p50Ms || 0) / top * 100).toFixed(1) + '%' : '0';
      row.bar99.style.width = top ? ((h.p99Ms || 0) / top * 100).toFixed(1) + '%' : '0';
      row.tr.classList.toggle('slowest', h.hop === latest.slowest);
    });
  }

  function percent(rate) {
    return (rate * 100).toFixed(1) + '%';
  }

  // Hit rate and log-loss per model version over the gateway's sliding window (GET /api/hit-rate), already in display
  // order, each beside the prior's and the known optimum's on the same outcomes.
  function renderHitRates(latest) {
    $('hit-window').textContent = Math.round(latest.windowSeconds / 60);
    const trs = latest.versions.map((v) => {
      const tr = document.createElement('tr');
      tr.dataset.model = v.model;
      tr.dataset.version = v.version;
      tr.dataset.kind = v.kind;
      if (v.kind === 'shadow') tr.className = 'shadow';
      cellOf(tr).textContent = v.model;
      cellOf(tr, 'num').textContent = 'v' + v.version;
      cellOf(tr).textContent = v.kind;
      cellOf(tr, 'num judged').textContent = v.judged;
      const o = v.optimum;
      const noOptimum = 'no known optimum: real ticks, or a horizon beyond one tick';
      const onOptimum = o ? 'the optimum judged on ' + o.judged + ' of these ' + v.judged + ' outcomes' : noOptimum;
      cellOf(tr, 'num rate').textContent = percent(v.hitRate);
      cellOf(tr, 'num prior-rate').textContent = percent(v.prior.hitRate);
      const optimumRate = cellOf(tr, 'num optimum-rate');
      optimumRate.textContent = o ? percent(o.hitRate) : '–';
      optimumRate.title = onOptimum;
      cellOf(tr, 'num loss').textContent = v.meanLogLoss.toFixed(3);
      cellOf(tr, 'num prior-loss').textContent = v.prior.logLoss.toFixed(3);
      const optimumLoss = cellOf(tr, 'num optimum-loss');
      optimumLoss.textContent = o ? o.meanLogLoss.toFixed(3) : '–';
      optimumLoss.title = onOptimum;
      return tr;
    });
    if (!trs.length) {
      const tr = document.createElement('tr');
      tr.className = 'empty';
      const td = cellOf(tr);
      td.colSpan = 10;
      td.textContent = 'no prediction judged in the last ' + $('hit-window').textContent + ' min';
      trs.push(tr);
    }
    $('hit-rows').replaceChildren(...trs);
  }

  // Polls a JSON endpoint every everyMs, also after a failure, which the table's tooltip shows.
  function poll(path, render, table, what, everyMs) {
    fetch(path, {cache: 'no-store'})
      .then((response) => response.ok ? response.json() : Promise.reject(new Error('HTTP ' + response.status)))
      .then((latest) => { $(table).title = ''; render(latest); })
      .catch((e) => { $(table).title = what + ' unavailable: ' + e.message; })
      .finally(() => setTimeout(() => poll(path, render, table, what, everyMs), everyMs));
  }

  setInterval(() => {
    $('count').textContent = rows.size;
    $('updates').textContent = updates;
    if (latencies.length) {
      const sorted = [...latencies].sort((a, b) => a - b);
      $('latency').textContent = sorted[Math.floor(sorted.length / 2)].toFixed(0) + ' ms';
    }
  }, 500);

  connect();
  poll('api/hops', renderHops, 'hop-table', 'per-hop latencies', 1000);
  poll('api/hit-rate', renderHitRates, 'hit-table', 'hit rates', 2000);
})();
