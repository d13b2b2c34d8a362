'use strict';
const $ = id => document.getElementById(id);
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const short = (s, n = 8) => s && s.length > n + 4 ? '…' + s.slice(-n) : (s ?? '');
let token = sessionStorage.getItem('nija_token') || '';
let stream = null, lastEventId = null, timers = [];
const orders = new Map();   // order_id -> order, newest last
const MAX_ORDERS = 50, MAX_FLOW = 60;

async function apiFull(path, opts = {}) {
  const r = await fetch('/api/v1' + path, {...opts, headers: {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'}});
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error((body.error && body.error.code + ': ' + body.error.message) || String(r.status));
  return {body, headers: r.headers};
}
async function api(path, opts = {}) { return (await apiFull(path, opts)).body; }
const query = params => { const q = Object.entries(params).filter(([, v]) => v != null && v !== '')
  .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&'); return q ? '?' + q : ''; };
function rows(el, items, cells, empty) {
  $(el).innerHTML = items.length ? items.map(i => '<tr' + (i.order_id ? ' data-order-id="' + esc(i.order_id) + '"' : '') + '>'
    + cells(i).map(c => '<td' + (c && c.num ? ' class="num"' : '') + '>' + (c && c.num ? c.v : c) + '</td>').join('') + '</tr>').join('')
    : '<tr><td colspan="10" class="muted">' + empty + '</td></tr>';
}
const num = v => ({num: true, v: esc(v ?? '–')});
function setConn(text, live) { $('conn').textContent = text; $('conn').className = live ? 'live' : 'down'; }

async function refreshVenues() {
  const venues = await api('/venues');
  rows('venues', venues, v => [esc(v.venue), v.healthy ? '<span class=ok>yes</span>' : '<span class=bad>no</span>',
    '<span class="' + (v.circuit_state === 'closed' ? 'ok' : v.circuit_state === 'open' ? 'bad' : 'warn') + '">' + esc(v.circuit_state) + '</span>',
    // Nothing measured yet: the router uses the design's priors, so show no figure rather than a misleading 0.
    num(v.queue_depth), num(v.executions_measured ? (v.success_rate * 100).toFixed(1) + '%' : null),
    num(v.executions_measured ? Number(v.avg_latency_ms).toFixed(2) : null),
    num(v.rate_limit_headroom), num(v.fees && v.fees.taker)], 'no venues');
  $('venues-at').textContent = 'as of ' + new Date().toLocaleTimeString();
}
function renderOrders() {
  const list = [...orders.values()].sort((a, b) => (b.created_at || '').localeCompare(a.created_at || '')).slice(0, MAX_ORDERS);
  rows('orders', list, o => ['<span title="' + esc(o.order_id) + '">' + esc(short(o.order_id, 10)) + '</span>', esc(o.user_id), esc(o.pair), esc(o.side),
    '<span class="pill status ' + esc(o.status) + '">' + esc(o.status) + '</span>', esc(o.venue || '–'), num(o.filled_qty),
    num(o.avg_price), num(o.fees), '<div class="reason">' + esc(o.route_reason || o.status_reason || '') + '</div>'], 'no orders yet');
}
// Order filters and paging. With a filter or past the first page the table shows exactly that page, and live events
// only update the rows on it; without, it is the newest orders and new ones appear as they come.
let filter = {}, cursors = [null], nextCursor = null;
const filtering = () => Object.values(filter).some(v => v) || cursors.length > 1;
const isoOf = v => v ? new Date(v).toISOString() : '';   // datetime-local is the browser's local time
function readFilters() {
  filter = {status: $('f_status').value, strategy: $('f_strategy').value.trim(), since: isoOf($('f_since').value), until: isoOf($('f_until').value)};
}
async function refreshOrders() {
  const r = await apiFull('/orders' + query({...filter, limit: MAX_ORDERS, cursor: cursors[cursors.length - 1]}));
  if (filtering()) orders.clear();
  for (const o of r.body) orders.set(o.order_id, o);
  nextCursor = r.headers.get('X-Next-Cursor');
  $('f_next').disabled = !nextCursor;
  $('f_page').textContent = filtering() ? 'page ' + cursors.length + (nextCursor ? ', more after' : ', last page') : '';
  $('orders-mode').textContent = filtering() ? 'filtered, newest first' : 'newest first, updated live';
  renderOrders();
}
async function refreshPositions() {
  rows('positions', await api('/positions'), p => [esc(p.user_id), esc(p.venue), esc(p.pair), num(p.qty), num(p.avg_cost),
    num(p.realized_pnl), num(p.unrealized_pnl)], 'no positions');
}
// The account shown: a user token's own (GET /kill-switch names it), or the user the admin picked (none: global switch).
let me = null;
const accountUser = () => me || $('a_user').value.trim() || null;
const signed = v => '<span class="' + (Number(v) < 0 ? 'neg' : Number(v) > 0 ? 'pos' : '') + '">' + esc(v ?? '–') + '</span>';
async function refreshKillSwitch() {
  const k = await api('/kill-switch' + query({user_id: accountUser()}));
  const who = k.user_id ? 'user ' + k.user_id : 'global';
  $('ks-state').textContent = k.enabled ? 'ON (' + k.mode + ')' : 'off';
  $('ks-state').className = k.enabled ? 'on' : 'off';
  $('ks-state').dataset.enabled = String(k.enabled);
  $('ks-state').dataset.mode = k.mode;
  $('ks-detail').textContent = who + (k.set_at ? ', changed ' + new Date(k.set_at).toLocaleString() : '')
    + (k.enabled && k.flat != null ? (k.flat ? ', flat at every venue' : ', positions or orders still open') : '');
}
async function setKillSwitch(enabled, mode) {
  const body = {enabled};
  if (accountUser()) body.user_id = accountUser();
  if (mode) body.mode = mode;
  try {
    await api('/kill-switch', {method: 'POST', body: JSON.stringify(body)});
    $('ks-result').textContent = '';
  } catch (err) { $('ks-result').textContent = err.message; }
  await refreshKillSwitch().catch(e => { $('ks-result').textContent = e.message; });
}
function drawEquity(days) {
  const svg = $('equity'), W = 600, H = 120, pad = 14;
  if (!days.length) { svg.innerHTML = ''; return; }
  const ys = days.map(d => Number(d.equity));   // for drawing only; the table shows the exact figures
  const lo = Math.min(0, ...ys), hi = Math.max(0, ...ys), span = hi - lo || 1;
  const x = i => pad + (days.length === 1 ? 0 : i * (W - 2 * pad) / (days.length - 1));
  const y = v => H - pad - (v - lo) * (H - 2 * pad) / span;
  svg.innerHTML = '<line x1="0" x2="' + W + '" y1="' + y(0) + '" y2="' + y(0) + '"/>'
    + '<polyline points="' + ys.map((v, i) => x(i).toFixed(1) + ',' + y(v).toFixed(1)).join(' ') + '"/>'
    + '<text x="2" y="10">' + esc(days[days.length - 1].equity) + ' USD equity ' + esc(days[days.length - 1].period_start.slice(0, 10)) + '</text>';
}
async function refreshAccount() {
  const user = accountUser();
  $('whoami').textContent = me ? 'signed in as ' + me : user ? 'admin, viewing ' + user : 'admin';
  await refreshKillSwitch();
  if (!user) {
    rows('pnl', [], () => [], 'pick a user to see their PnL'); drawEquity([]);
    rows('balances', [], () => [], 'pick a user to see their balances'); $('balances-unread').textContent = '';
    return;
  }
  $('pnl-who').textContent = user + ', last 30 days, UTC';
  const u = encodeURIComponent(user);
  const [pnl, balances] = await Promise.all([api('/users/' + u + '/pnl?interval=day'), apiFull('/users/' + u + '/balances')]);
  drawEquity(pnl);
  rows('pnl', pnl.filter(d => d.realized_pnl !== '0' || d.fees !== '0' || d.unrealized_pnl !== '0' || d.equity !== '0').reverse(),
    d => [esc(d.period_start.slice(0, 10)), {num: true, v: signed(d.realized_pnl)}, num(d.fees), {num: true, v: signed(d.unrealized_pnl)},
      {num: true, v: signed(d.equity)}], 'no activity in the last 30 days');
  rows('balances', balances.body, b => [esc(b.venue), esc(b.asset), num(b.free), num(b.locked)], 'no balances');
  const unread = balances.headers.get('X-Unread-Venues');
  $('balances-unread').textContent = unread ? 'not read (venue:reason): ' + unread : '';
}
function flow(e) {
  const li = document.createElement('li');
  const o = e.order || {};
  li.innerHTML = esc(new Date(e.created_at).toLocaleTimeString()) + ' <b>' + esc(e.user_id) + '</b> ' + esc(o.side || '') + ' '
    + esc(o.pair || '') + ' <span class="pill ' + esc(e.status) + '">' + esc(e.status) + '</span> ' + esc(o.venue || '')
    + ' <span class="muted">' + esc(short(e.order_id, 10)) + '</span>';
  const ul = $('flow');
  if (ul.firstElementChild && ul.firstElementChild.classList.contains('muted')) ul.innerHTML = '';
  ul.prepend(li);
  while (ul.children.length > MAX_FLOW) ul.lastElementChild.remove();
}
function onEvent(type, data, id) {
  if (id) lastEventId = id;
  if (type === 'order.updated') {
    const e = JSON.parse(data);
    if (!filtering() || orders.has(e.order_id)) orders.set(e.order_id, e.order);
    if (orders.size > MAX_ORDERS * 4) refreshOrders().catch(() => {});
    renderOrders();
    flow(e);
    if (['filled', 'partial_fill', 'cancelled'].includes(e.status)) {
      refreshPositions().catch(() => {});
      refreshAccount().catch(() => {});
    }
  } else if (type === 'stream.dropped') {
    refreshOrders().catch(() => {});   // we missed events: re-read
  }
}
// EventSource cannot send an Authorization header, so the stream is read with fetch.
async function openStream() {
  const mine = new AbortController();
  stream = mine;
  while (stream === mine) {
    try {
      const headers = {'Authorization': 'Bearer ' + token, 'Accept': 'text/event-stream'};
      if (lastEventId) headers['Last-Event-ID'] = lastEventId;
      const r = await fetch('/api/v1/events', {headers, signal: mine.signal});
      if (!r.ok) throw new Error('events: ' + r.status);
      setConn('live', true);
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i); buf = buf.slice(i + 2);
          let type = 'message', data = '', id = null;
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) type = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
            else if (line.startsWith('id: ')) id = line.slice(4);
          }
          if (data) onEvent(type, data, id);
        }
      }
    } catch (e) {
      if (stream !== mine) return;
      setConn('reconnecting… (' + e.message + ')', false);
    }
    await new Promise(res => setTimeout(res, 2000));
  }
}
async function connect() {
  timers.forEach(clearInterval); timers = [];
  if (stream) { stream.abort(); stream = null; }
  orders.clear(); lastEventId = null;
  if (!token) return;
  try {
    // A user token reads its own switch and learns its user id from it; the admin's reads the global one.
    me = (await api('/kill-switch')).user_id || null;
    $('a_user').disabled = !!me;
    if (me) $('a_user').value = me;
    await Promise.all([refreshVenues(), refreshOrders(), refreshPositions(), refreshAccount()]);
    setConn('connected', true);
  } catch (e) { setConn(e.message, false); return; }
  openStream();
  timers.push(setInterval(() => refreshVenues().catch(e => setConn(e.message, false)), 2000));
  timers.push(setInterval(() => refreshPositions().catch(() => {}), 5000));
  timers.push(setInterval(() => refreshAccount().catch(() => {}), 10000));
}
$('token').value = token;
$('login').onsubmit = e => { e.preventDefault(); token = $('token').value.trim(); sessionStorage.setItem('nija_token', token); connect(); };
$('signal').onsubmit = async e => {
  e.preventDefault();
  const body = {pair: $('s_pair').value.trim(), side: $('s_side').value, size_usd: $('s_size').value.trim(), signal_type: $('s_type').value, strategy: 'dashboard'};
  if ($('s_user').value.trim()) body.user_id = $('s_user').value.trim();
  try {
    const r = await api('/signals', {method: 'POST', body: JSON.stringify(body)});
    $('s_result').textContent = 'signal ' + r.signal_id + ' ' + r.status + ' → order ' + r.order_ids.join(', ');
    $('s_result').dataset.orderIds = r.order_ids.join(',');
  } catch (err) { $('s_result').textContent = err.message; }
};
$('pick-user').onsubmit = e => { e.preventDefault(); refreshAccount().catch(err => $('ks-result').textContent = err.message); };
$('ks-block').onclick = () => setKillSwitch(true, 'block_entries');
$('ks-flatten').onclick = () => { if (confirm('Flatten: cancel open orders and close every position at market?')) setKillSwitch(true, 'flatten'); };
$('ks-clear').onclick = () => setKillSwitch(false);
$('order-filters').onsubmit = e => { e.preventDefault(); readFilters(); cursors = [null]; refreshOrders().catch(err => $('f_page').textContent = err.message); };
$('f_reset').onclick = () => { $('order-filters').reset(); filter = {}; cursors = [null]; refreshOrders().catch(err => $('f_page').textContent = err.message); };
$('f_next').onclick = () => { if (nextCursor) { cursors.push(nextCursor); refreshOrders().catch(err => $('f_page').textContent = err.message); } };
connect();
