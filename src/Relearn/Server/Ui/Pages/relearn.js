// Shared by every page of the web UI: API calls with the typed token, error display, DOM and table building,
// formatting, confirmation dialogs and metric charts. Pages call Relearn.page(async () => { ... }) to run.
'use strict';
const Relearn = (() => {
  const tokenKey = 'relearn-token'; // the same key the try-it page uses: one token per browser tab

  /** The token typed into the header, kept in sessionStorage only and never rendered. */
  function token() { return sessionStorage.getItem(tokenKey) || ''; }

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  /**
   * Calls the server and returns its JSON. Query values that are arrays become repeated keys (as MLflow's GET
   * endpoints read them). Errors throw ApiError with the server's one-line reason: problem+json's detail, or
   * MLflow's message. With raw: true the body comes back as text (a stage log).
   */
  async function api(path, { method = 'GET', query, body, raw = false } = {}) {
    const url = new URL(path, location.origin);
    for (const [key, value] of Object.entries(query || {})) {
      if (value === undefined || value === null || value === '') continue;
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v);
    }
    const headers = { Accept: raw ? 'text/plain, application/problem+json' : 'application/json' };
    if (token()) headers.Authorization = 'Bearer ' + token();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!response.ok) {
      const reason = json && (json.detail || json.message || json.title) || response.statusText || 'request failed';
      const hint = response.status === 401 ? ' — enter an access token above.' : '';
      const error = new ApiError(response.status, `${response.status}: ${reason}${hint}`);
      error.body = json;
      throw error;
    }
    return raw ? text : json;
  }

  function showError(error) {
    const box = document.getElementById('error');
    box.textContent = error instanceof Error ? error.message : String(error);
    box.hidden = false;
  }

  function showNotice(text) {
    const box = document.getElementById('notice');
    box.textContent = text;
    box.hidden = !text;
  }

  function clearMessages() {
    document.getElementById('error').hidden = true;
    showNotice('');
  }

  /** Builds an element; attributes starting with "on" become listeners; children are nodes or text (never HTML). */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'className') node.className = value;
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /**
   * A table. columns: [{ label, value(row) → node|text, numeric?, sort? }]; a column with `sort` (a server sort key)
   * gets a header button calling options.onSort(sort); options.sorted = { key, descending } marks the current one.
   */
  function table(columns, rows, options = {}) {
    const head = el('tr', null, columns.map(c => {
      if (!c.sort) return el('th', { scope: 'col' }, c.label);
      const current = options.sorted && options.sorted.key === c.sort;
      const arrow = current ? (options.sorted.descending ? ' ▼' : ' ▲') : '';
      return el('th', { scope: 'col', 'data-sort': c.sort, 'aria-sort': current ? (options.sorted.descending ? 'descending' : 'ascending') : null },
        el('button', { type: 'button', onclick: () => options.onSort(c.sort) }, c.label + arrow));
    }));
    const body = rows.map(row => el('tr', options.rowAttributes ? options.rowAttributes(row) : null,
      columns.map(c => el('td', { className: c.numeric ? 'num' : null }, c.value(row)))));
    if (rows.length === 0) body.push(el('tr', null, el('td', { colspan: columns.length, className: 'muted' }, options.empty || 'nothing yet')));
    return el('table', { id: options.id }, el('thead', null, head), el('tbody', null, body));
  }

  function replace(id, ...nodes) {
    const target = document.getElementById(id);
    target.replaceChildren(...nodes);
    return target;
  }

  function number(value) {
    if (value === undefined || value === null || value === '') return '';
    if (typeof value === 'string') return value; // NaN and infinities arrive as text
    return Number.isInteger(value) ? String(value) : value.toPrecision(5).replace(/\.?0+$/, '').replace(/\.?0+e/, 'e');
  }

  function time(value) {
    if (value === undefined || value === null) return '';
    const date = new Date(value);
    return isNaN(date) ? '' : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  /** The n-th segment of the path (0 = "ui"), decoded. */
  function pathPart(n) { return decodeURIComponent(location.pathname.split('/').filter(Boolean)[n] || ''); }

  /** Pairs of MLflow's [{key, value}] as an object. */
  function pairs(list) { return Object.fromEntries((list || []).map(p => [p.key, p.value])); }

  /** MLflow search key for a param, metric or tag, quoted so any key is safe: metrics.`val loss`. */
  function searchKey(kind, key) { return `${kind}.\`${key.replace(/`/g, '')}\``; }

  /** Asks before an action: resolves true on Confirm, false on Cancel or Escape. */
  function confirm(title, ...body) {
    const dialog = document.getElementById('confirm');
    document.getElementById('confirm-title').textContent = title;
    replace('confirm-body', ...body);
    return new Promise(resolve => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
      dialog.returnValue = '';
      dialog.showModal();
    });
  }

  const palette = ['#2456d6', '#d6552a', '#1b9e5a', '#8e44ad', '#c49000', '#0a8ea0'];

  /**
   * A line chart of metric histories as inline SVG: x = step, y = value, one polyline and one circle per point for
   * each series ([{ name, points: [{step, value}] }]). Hand-written rather than a vendored charting library: it is a
   * few dozen lines, needs no licence file or extra download, and its points are plain DOM the browser tests can count.
   */
  function lineChart(title, series) {
    const width = 420, height = 220, left = 52, right = 12, top = 10, bottom = 30;
    const points = series.flatMap(s => s.points).filter(p => typeof p.value === 'number');
    const xs = points.map(p => p.step), ys = points.map(p => p.value);
    let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (!points.length) [x0, x1, y0, y1] = [0, 1, 0, 1];
    if (x0 === x1) { x0 -= 1; x1 += 1; }
    if (y0 === y1) { const pad = Math.abs(y0) * 0.1 || 1; y0 -= pad; y1 += pad; }
    const sx = x => left + (x - x0) / (x1 - x0) * (width - left - right);
    const sy = y => height - bottom - (y - y0) / (y1 - y0) * (height - top - bottom);
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `${title} by step`);
    const add = (tag, attributes, text) => {
      const node = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
      if (text !== undefined) node.textContent = text;
      svg.append(node);
      return node;
    };
    add('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: '#8b93a5' });
    add('line', { x1: left, y1: top, x2: left, y2: height - bottom, stroke: '#8b93a5' });
    for (const y of [y0, (y0 + y1) / 2, y1]) {
      add('text', { x: left - 4, y: sy(y) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#5a6376' }, number(y));
    }
    for (const x of [x0, x1]) {
      add('text', { x: sx(x), y: height - bottom + 14, 'text-anchor': 'middle', 'font-size': 10, fill: '#5a6376' }, number(x));
    }
    add('text', { x: (left + width - right) / 2, y: height - 4, 'text-anchor': 'middle', 'font-size': 10, fill: '#5a6376' }, 'step');
    series.forEach((s, i) => {
      const color = palette[i % palette.length];
      const numeric = s.points.filter(p => typeof p.value === 'number').sort((a, b) => a.step - b.step);
      add('polyline', { points: numeric.map(p => `${sx(p.step)},${sy(p.value)}`).join(' '), fill: 'none', stroke: color, 'stroke-width': 1.5 });
      for (const p of numeric) {
        const dot = add('circle', { cx: sx(p.step), cy: sy(p.value), r: 2.5, fill: color, 'data-step': p.step, 'data-value': p.value, 'data-series': s.name });
        const tip = document.createElementNS(ns, 'title');
        tip.textContent = `${s.name} step ${p.step}: ${number(p.value)}`;
        dot.append(tip);
      }
    });
    const legend = series.length > 1
      ? el('div', { className: 'legend' }, series.map((s, i) => el('span', null, el('i', { style: `background:${palette[i % palette.length]}` }), s.name)))
      : null;
    return el('figure', { className: 'chart', 'data-metric': title }, el('figcaption', null, title), svg, legend);
  }

  /** Every point of a metric's history, following next_page_token. */
  async function metricHistory(runId, key) {
    const points = [];
    let pageToken;
    do {
      const page = await api('/api/2.0/mlflow/metrics/get-history', { query: { run_id: runId, metric_key: key, page_token: pageToken } });
      points.push(...(page.metrics || []));
      pageToken = page.next_page_token;
    } while (pageToken);
    return points;
  }

  /** Runs a page's loader, showing any error it throws. */
  function page(load) {
    document.addEventListener('DOMContentLoaded', () => {
      wireToken(load);
      run(load);
    });
  }

  async function run(action) {
    try { await action(); } catch (error) { showError(error); }
  }

  function wireToken(load) {
    const input = document.getElementById('token');
    const state = document.getElementById('token-state');
    const forget = document.getElementById('token-forget');
    const render = () => { state.textContent = token() ? 'set for this tab' : ''; forget.hidden = !token(); };
    render();
    input.addEventListener('change', () => {
      if (input.value) sessionStorage.setItem(tokenKey, input.value);
      input.value = '';
      render();
      clearMessages();
      run(load);
    });
    document.getElementById('token-form').addEventListener('submit', event => { event.preventDefault(); input.dispatchEvent(new Event('change')); });
    forget.addEventListener('click', () => { sessionStorage.removeItem(tokenKey); render(); });
  }

  return { api, ApiError, showError, showNotice, clearMessages, el, table, replace, number, time, pathPart, pairs, searchKey, confirm, lineChart, metricHistory, page, run };
})();
