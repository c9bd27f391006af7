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

  function setState(state) {
    const el = $('status');
    el.textContent = state;
    el.className = 'state ' + state;
    el.dataset.state = state;
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let url = scheme + '//' + location.host + '/ws';
    if (accessToken) url += '?access_token=' + encodeURIComponent(accessToken);
    setState('connecting');
    socket = new WebSocket(url);
    socket.onopen = () => { setState('open'); backoff = 500; };
    socket.onmessage = (event) => handle(JSON.parse(event.data));
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
    const cell = (cls) => { const td = document.createElement('td'); if (cls) td.className = cls; tr.appendChild(td); return td; };
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

  setInterval(() => {
    $('count').textContent = rows.size;
    $('updates').textContent = updates;
    if (latencies.length) {
      const sorted = [...latencies].sort((a, b) => a - b);
      $('latency').textContent = sorted[Math.floor(sorted.length / 2)].toFixed(0) + ' ms';
    }
  }, 500);

  connect();
})();
