// The command dashboard (DESIGN §10): one script for every page. It reads the
// daemon's own /api/v1 routes with the session cookie (never a token in the
// page), builds the DOM with textContent only (no HTML from data), and sends
// the session's CSRF secret with every request that changes something.
'use strict';

const T = {
  zh: {
    nav_completion: '上报', nav_incidents: '事件', nav_notices: '通知', nav_groups: '群组',
    signout: '退出', signin_title: '登录指挥看板', token: '访问令牌', signin: '登录',
    signin_hint: '使用管理员发放的令牌登录；令牌只保存在本次会话的 Cookie 中。',
    bad_token: '令牌无效或已被撤销', bad_link: '登录链接无效、已过期或已使用过，请用令牌登录', forbidden: '无权查看：该节点不在您的管辖范围内',
    not_found: '没有这个节点', error: '出错了', loading: '加载中…',
    households: '户数', reported: '已报', percent: '完成率', anomalies: '异常', missing: '未报',
    zero: '平安', name: '名称', today: '今日', updated: '更新于', children: '下级完成情况',
    speech: '语音版（喊楼、电话转告）', print_cards: '打印巡查卡', print_posters: '打印门贴',
    export_label: '导出表格', export_summary: '完成情况', export_missing: '未报住户', export_incidents: '事件', export_progress: '导出通知进度', export_calls: '导出电话通知名单',
    chart_today: '今日上报进度', chart_history: '近14天截止时完成率',
    room: '房间', contact: '联系人', phone: '电话', status: '状态', tags: '标签', members: '已绑定成员',
    call: '拨打', st_missing: '未报', st_zero: '平安', st_anomaly: '异常',
    unclear: '待确认', correct: '更正', correct_to: '更正为', correct_save: '保存更正', corrected: '已更正',
    correct_pick: '异常请至少选一项', temperature: '体温',
    open_incidents: '未结事件', no_incidents: '没有未结事件',
    category: '类别', severity: '级别', level_reached: '已升至', opened: '发生', next_step: '下次升级',
    state: '状态', s_open: '待处理', s_acknowledged: '已响应', s_resolved: '已办结', overdue: '已超时',
    ack: '响应', resolve: '办结', remark: '备注', timeline: '处理经过', act_done: '已提交',
    notices: '通知', compose: '发布新通知', title: '标题', body: '正文（Markdown）', preview: '预览',
    target: '发送范围', audience: '对象', a_residents: '居民群', a_staff: '工作群', a_both: '全部',
    ack_required: '需要回复“收到”', exercise: '演练（非实战）', expiry: '有效期', none: '不设',
    review: '核对', confirm_reach: '将发送到 {groups} 个群（工作群 {staff}，居民群 {residents}），覆盖 {households} 户。',
    issue: '确认发布', cancel_edit: '返回修改', issued: '已发布', progress: '送达情况',
    delivered: '已送达', failed: '失败', acked: '已确认', pending: '待发送', groups: '群数',
    calls: '电话通知', calls_left: '待拨打', unacked: '未确认的群', failed_groups: '发送失败的群',
    by_street: '按街道', by_community: '按社区', by_grid: '按网格', leaders: '负责人',
    update: '发布更新', cancel_notice: '撤销通知', cancel_confirm: '确认撤销这条通知？',
    reason: '原因', label: '编号', created: '发布时间', kind: '类型',
    registry: '群组登记', platform: '平台', last_delivery: '最近送达', last_inbound: '最近发言',
    last_error: '最近错误', g_ok: '正常', g_failing: '发送失败', g_silent: '沉寂', g_new: '新建',
    silent_days: '沉寂 {n} 天', all: '全部', yes: '是', no: '否', required: '必填',
    may_not_issue: '您的角色不能发布通知', within: '范围内', nothing: '无',
    update_prefix: '更新：', cancel_prefix: '撤销：',
    ago: '{t}前', in: '{t}后', min: '分', hour: '小时', day: '天',
  },
  en: {
    nav_completion: 'Reports', nav_incidents: 'Incidents', nav_notices: 'Notices', nav_groups: 'Groups',
    signout: 'Sign out', signin_title: 'Sign in to the command dashboard', token: 'Access token',
    signin: 'Sign in', signin_hint: 'Use the token your administrator gave you; it is kept only in this session\'s cookie.',
    bad_token: 'Unknown or revoked token', bad_link: 'The sign-in link is invalid, expired or already used; sign in with your token', forbidden: 'Forbidden: this node is outside your subtree',
    not_found: 'No such node', error: 'Something went wrong', loading: 'Loading…',
    households: 'Households', reported: 'Reported', percent: 'Complete', anomalies: 'Anomalies',
    missing: 'Missing', zero: 'All well', name: 'Name', today: 'Today', updated: 'Updated',
    speech: 'Spoken version (loudspeaker rounds, phone relay)', print_cards: 'Print supervision cards', print_posters: 'Print door posters',
    export_label: 'Download', export_summary: 'completion', export_missing: 'not reported', export_incidents: 'incidents', export_progress: 'Download progress', export_calls: 'Download call list',
    children: 'Completion by child', chart_today: 'Today\'s completion', chart_history: 'Completion at cutoff, 14 days',
    room: 'Room', contact: 'Contact', phone: 'Phone', status: 'Status', tags: 'Tags', members: 'Bound members',
    call: 'Call', st_missing: 'missing', st_zero: 'all well', st_anomaly: 'anomaly',
    unclear: 'unclear', correct: 'Correct', correct_to: 'Correct to', correct_save: 'Save correction', corrected: 'Corrected',
    correct_pick: 'Pick at least one for an anomaly', temperature: 'Temperature',
    open_incidents: 'Open incidents', no_incidents: 'No open incidents',
    category: 'Category', severity: 'Severity', level_reached: 'Level reached', opened: 'Opened',
    next_step: 'Next escalation', state: 'State', s_open: 'open', s_acknowledged: 'acknowledged',
    s_resolved: 'resolved', overdue: 'overdue', ack: 'Acknowledge', resolve: 'Resolve', remark: 'Remark',
    timeline: 'Timeline', act_done: 'Done', notices: 'Notices', compose: 'New notice', title: 'Title',
    body: 'Body (Markdown)', preview: 'Preview', target: 'Send to', audience: 'Audience',
    a_residents: 'Residents', a_staff: 'Staff', a_both: 'Both', ack_required: 'Ask for "收到" (acknowledgement)',
    exercise: 'Exercise (not real)', expiry: 'Expires', none: 'Never', review: 'Review',
    confirm_reach: 'It will go to {groups} groups ({staff} staff, {residents} residents), reaching {households} households.',
    issue: 'Issue now', cancel_edit: 'Back to editing', issued: 'Issued', progress: 'Progress',
    delivered: 'Delivered', failed: 'Failed', acked: 'Acknowledged', pending: 'Pending', groups: 'Groups',
    calls: 'Phone calls', calls_left: 'Calls left', unacked: 'Groups not acknowledged', failed_groups: 'Groups that failed',
    by_street: 'By street', by_community: 'By community', by_grid: 'By grid', leaders: 'Leaders',
    update: 'Issue an update', cancel_notice: 'Cancel notice', cancel_confirm: 'Cancel this notice?',
    reason: 'Reason', label: 'No.', created: 'Issued at', kind: 'Kind',
    registry: 'Group registry', platform: 'Platform', last_delivery: 'Last delivery', last_inbound: 'Last message',
    last_error: 'Last error', g_ok: 'ok', g_failing: 'failing', g_silent: 'silent', g_new: 'new',
    silent_days: 'silent {n} days', all: 'All', yes: 'yes', no: 'no', required: 'required',
    may_not_issue: 'Your role may not issue notices', within: 'within', nothing: 'none',
    update_prefix: 'Update: ', cancel_prefix: 'Cancelled: ',
    ago: '{t} ago', in: 'in {t}', min: 'min', hour: 'h', day: 'd',
  },
};
// The twelve categories of DESIGN §4, labelled as the chat summaries label them (bot/daily/summary.cpp).
const CATEGORY = {
  cough: ['咳嗽', 'cough'], diarrhea: ['腹泻', 'diarrhoea'], emergency: ['紧急情况', 'emergency'],
  fatigue: ['乏力', 'fatigue'], fever: ['发热', 'fever'], positive_test: ['抗原阳性', 'positive test'],
  smell_taste: ['嗅觉味觉减退', 'loss of smell or taste'], sore_throat: ['咽痛', 'sore throat'],
  supplies: ['物资需求', 'supplies'], travel: ['外地返回', 'travel'], utility: ['水电气暖', 'utilities'],
  visitor: ['访客', 'visitors'],
};
const LEVEL = { district: ['区', 'district'], street: ['街道', 'street'], community: ['社区', 'community'], grid: ['网格', 'grid'] };
const SEVERITY = { urgent: ['紧急', 'urgent'], high: ['较重', 'high'], normal: ['一般', 'normal'], low: ['轻微', 'low'] };
const ACTION = { open: ['发生', 'opened'], escalate: ['升级', 'escalated'], acknowledge: ['响应', 'acknowledged'],
  resolve: ['办结', 'resolved'], reopen: ['重新打开', 'reopened'], join: ['合并', 'joined'], raise: ['升级严重程度', 'raised'] };
const ACTOR = { system: ['系统', 'system'], household: ['居民', 'household'] };
const AUDIENCE = { residents: ['居民群', 'residents'], staff: ['工作群', 'staff'], both: ['居民群和工作群', 'residents and staff'] };
const KIND = { alert: ['通知', 'alert'], update: ['更新', 'update'], cancel: ['撤销', 'cancel'] };
const TAG = {
  elderly_alone: ['独居老人', 'elderly alone'], no_chat: ['无微信', 'no chat'], vulnerable: ['困难', 'vulnerable'],
  isolation: ['居家隔离', 'isolation'], monitoring: ['健康监测', 'monitoring'], returnee: ['返乡', 'returnee'],
  positive: ['阳性', 'positive'], key_group: ['重点人群', 'key group'], pregnant: ['孕产妇', 'pregnant'],
  dialysis: ['透析', 'dialysis'],
};

let lang = localStorage.getItem('gb_lang') || 'zh';
let session = null;
let skew = 0;  // server clock (manual in tests) minus the browser's, in seconds

const t = (k, vars) => {
  let s = (T[lang] && T[lang][k]) || T.zh[k] || k;
  for (const [n, v] of Object.entries(vars || {})) s = s.replace('{' + n + '}', v);
  return s;
};
const label = (table, k) => (table[k] ? table[k][lang === 'zh' ? 0 : 1] : k);

// An element with attributes and children; strings become text nodes.
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}
const app = () => document.getElementById('app');
const show = (...nodes) => app().replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false && n !== ''));

async function api(path, opts = {}) {
  const headers = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.method && opts.method !== 'GET' && session) headers['X-CSRF-Token'] = session.csrf;
  const res = await fetch(path, {
    method: opts.method || 'GET', headers, credentials: 'same-origin',
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(data.detail || res.statusText), { status: res.status, data });
  return data;
}

// Times as the district lives them, whatever the browser's zone.
const serverNow = () => Date.now() / 1000 + skew;
// The district's IANA zone through Intl (right on both sides of a daylight
// saving change); a fixed offset ("UTC+08:00") by the offset the daemon gave.
let zoneFormat = null;
function localTime(iso, withDate) {
  if (!iso) return '—';
  const p = (n) => String(n).padStart(2, '0');
  if (zoneFormat === null) {
    try {
      zoneFormat = new Intl.DateTimeFormat('en-CA', { timeZone: session.timezone, hourCycle: 'h23',
        year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    } catch (e) { zoneFormat = false; }
  }
  if (zoneFormat) {
    const f = Object.fromEntries(zoneFormat.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
    const hm = `${f.hour}:${f.minute}`;
    return withDate ? `${f.year}-${f.month}-${f.day} ${hm}` : hm;
  }
  const d = new Date(Date.parse(iso) + (session ? session.offset_seconds : 0) * 1000);
  const hm = p(d.getUTCHours()) + ':' + p(d.getUTCMinutes());
  return withDate ? `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${hm}` : hm;
}
function span(seconds) {
  const s = Math.abs(seconds);
  if (s < 3600) return Math.max(1, Math.round(s / 60)) + t('min');
  if (s < 86400) return (s / 3600).toFixed(1) + t('hour');
  return (s / 86400).toFixed(1) + t('day');
}
const since = (iso) => t('ago', { t: span(serverNow() - Date.parse(iso) / 1000) });
const pct = (x) => (Math.round(x * 10) / 10).toFixed(1) + '%';
const pill = (cls, text) => h('span', { class: 'pill ' + cls }, text);
const numCell = (v, k) => h('td', { class: 'num', 'data-k': k }, v);

function table(cols, rows, cls) {
  return h('table', { class: cls || '' },
    h('thead', {}, h('tr', {}, cols.map((c) => h('th', { class: c.num ? 'num' : '' }, c.label)))),
    h('tbody', {}, rows));
}

// ---- sign-in, header ----------------------------------------------------

function renderHeader() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.getElementById('lang').textContent = lang === 'zh' ? 'EN' : '中文';
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  document.getElementById('nav').hidden = !session;
  document.getElementById('signout').hidden = !session;
  document.getElementById('who').textContent = session ? `${session.node_name} · ${session.name}` : '';
  for (const a of document.querySelectorAll('#nav a')) {
    const p = a.getAttribute('href');
    a.classList.toggle('on', p === '/' ? location.pathname.startsWith('/n/') : location.pathname.startsWith(p));
  }
}

function signInView(message) {
  const input = h('input', { type: 'password', id: 'token', autocomplete: 'off', required: true });
  const err = h('p', { class: 'error', id: 'signin-error' }, message || '');
  const form = h('form', { class: 'stack', id: 'signin-form' },
    h('h1', {}, t('signin_title')), h('p', { class: 'muted' }, t('signin_hint')),
    h('label', {}, t('token'), input), err, h('button', { class: 'primary', type: 'submit' }, t('signin')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('/dashboard/api/signin', { method: 'POST', body: { token: input.value.trim() } });
      const stay = location.pathname !== '/' && location.pathname !== '/signin';
      location.assign(stay ? location.pathname + location.search : '/');
    } catch (e) {
      err.textContent = e.status === 401 ? t('bad_token') : t('error') + ': ' + e.message;
    }
  });
  show(form);
  input.focus();
}

function statusPage(code) {
  show(h('div', { class: 'status-page', id: 'status-' + code },
    h('h1', {}, String(code)), h('p', {}, code === 403 ? t('forbidden') : code === 404 ? t('not_found') : t('error')),
    session ? h('a', { href: '/n/' + session.node }, session.node_name) : null));
}

// ---- completion, drill-down ---------------------------------------------

async function crumbs(code) {
  const parts = code.split('/');
  const mine = session.node.split('/').length;
  const out = h('div', { class: 'crumbs' });
  for (let i = mine; i <= parts.length; i++) {
    const c = parts.slice(0, i).join('/');
    const node = await api('/api/v1/nodes/' + c);
    if (i > mine) out.append(' › ');
    out.append(i === parts.length ? h('b', {}, node.name) : h('a', { href: '/n/' + c }, node.name));
  }
  return out;
}

function categoryText(cats) {
  const parts = Object.entries(cats || {}).map(([k, n]) => `${label(CATEGORY, k)} ${n}`);
  return parts.length ? parts.join('，') : '—';
}

function summaryCards(s) {
  return h('div', { class: 'cards', id: 'summary-cards' },
    [['households', s.households], ['reported', s.reported], ['percent', pct(s.percent)],
      ['anomalies', s.anomalies, s.anomalies > 0], ['missing', s.missing, s.missing > 0]].map(([k, v, bad]) =>
      h('div', { class: 'card' + (bad ? ' bad' : ''), 'data-key': k }, h('div', { class: 'k' }, t(k)),
        h('div', { class: 'v' }, v))));
}

function childRows(s) {
  const kids = [...(s.children || [])].sort((a, b) => a.percent - b.percent || b.missing - a.missing);
  return kids.map((c, i) => h('tr', { class: i === 0 && c.missing > 0 ? 'worst' : '', 'data-code': c.code },
    h('td', { 'data-k': t('name') }, h('a', { href: '/n/' + c.code }, c.name)),
    numCell(c.households, t('households')), numCell(c.reported, t('reported')),
    h('td', { class: 'num', 'data-k': t('percent') }, pct(c.percent),
      h('div', { class: 'bar' }, h('i', { 'data-w': c.percent }))),
    h('td', { 'data-k': t('anomalies') }, categoryText(c.categories)),
    numCell(c.missing, t('missing'))));
}

// Bar widths through the CSSOM: the policy forbids style attributes in markup.
function sizeBars(root) {
  for (const i of root.querySelectorAll('.bar > i')) i.style.width = Math.min(100, Number(i.dataset.w)) + '%';
}

async function nodeView(code) {
  const node = await api('/api/v1/nodes/' + code);
  const head = await crumbs(code);
  const summary = await api('/dashboard/api/live/' + code);
  const stamp = h('p', { class: 'muted', id: 'updated' });
  const cards = h('div', {}, summaryCards(summary));
  // Spreadsheets of what this page shows (.xlsx; the server audits each download).
  const xlsx = (kind) => h('a', { class: 'export', 'data-export': kind, download: '',
    href: `/api/v1/nodes/${code}/export/${kind}?format=xlsx&day=${summary.day}&lang=${lang === 'zh' ? 'zh' : 'en'}` }, t('export_' + kind));
  const exportsRow = h('p', { class: 'exports', id: 'exports' }, t('export_label') + ': ',
    xlsx('summary'), ' · ', xlsx('missing'), ' · ', xlsx('incidents'),
    node.level >= 2 ? [' · ', h('a', { id: 'print-cards', target: '_blank', href: `/print/cards/${code}` }, t('print_cards')),
      ' · ', h('a', { id: 'print-posters', target: '_blank', href: `/print/posters/${code}` }, t('print_posters'))] : null);
  const parts = [head, h('h1', {}, node.name + ' · ' + t('today') + ' ' + summary.day), cards, stamp, exportsRow];
  let body = null;
  if (node.level < 3) {
    body = h('tbody', { id: 'children' }, childRows(summary));
    parts.push(h('h2', {}, t('children')),
      h('table', { class: 'cards-on-phone', id: 'children-table' },
        h('thead', {}, h('tr', {}, [t('name'), t('households'), t('reported'), t('percent'), t('anomalies'), t('missing')]
          .map((l, i) => h('th', { class: i > 0 && i !== 4 ? 'num' : '' }, l)))), body));
  } else {
    parts.push(await householdsSection(code));
  }
  parts.push(await incidentsSection(code, true));
  const charts = h('div', { class: 'charts' },
    h('img', { id: 'chart-today', alt: t('chart_today'), src: `/api/v1/nodes/${code}/timeline.svg` }),
    h('img', { id: 'chart-history', alt: t('chart_history'), src: `/api/v1/nodes/${code}/history.svg` }));
  parts.push(charts);
  show(...parts);
  sizeBars(app());
  // Live numbers, pushed: the server sends the node's summary over one open
  // connection (Server-Sent Events) whenever it changes, at most once a
  // second. Without EventSource, or while the stream is refused, the page
  // asks every 5 seconds instead.
  let chartAt = Date.now();
  const apply = (s) => {
    cards.replaceChildren(summaryCards(s));
    if (body) { body.replaceChildren(...childRows(s)); sizeBars(body); }
    stamp.textContent = t('updated') + ' ' + localTime(new Date(serverNow() * 1000).toISOString());
    if (Date.now() - chartAt >= 60000) {
      chartAt = Date.now();
      charts.querySelector('#chart-today').src = `/api/v1/nodes/${code}/timeline.svg?r=${chartAt}`;
    }
  };
  const poll = async () => {
    try { apply(await api('/dashboard/api/live/' + code)); } catch (e) { stamp.textContent = t('error') + ': ' + e.message; }
  };
  let es = null;
  const live = () => {
    if (!window.EventSource) { setInterval(poll, 5000); return; }
    es = new EventSource('/dashboard/api/events/' + code);
    es.onopen = () => { document.body.dataset.live = 'stream'; };
    es.onmessage = (e) => apply(JSON.parse(e.data));
    es.onerror = () => {
      document.body.dataset.live = 'polling';
      if (es.readyState !== EventSource.CLOSED) return;  // the browser reconnects by itself
      // Refused (signed out, say): one poll shows why, then try again later.
      es.close();
      poll().then(() => setTimeout(live, 5000));
    };
  };
  // While the stream is open the numbers are current: say so now and then.
  setInterval(() => {
    if (es && es.readyState === EventSource.OPEN) {
      stamp.textContent = t('updated') + ' ' + localTime(new Date(serverNow() * 1000).toISOString());
    }
  }, 15000);
  await poll();
  live();
}

async function householdsSection(code) {
  const data = await api(`/api/v1/nodes/${code}/households?limit=1000`);
  const order = { missing: 0, anomaly: 1, zero: 2 };
  const rows = [...data.households].sort((a, b) => (b.unclear - a.unclear) || order[a.status] - order[b.status] || a.room.localeCompare(b.room));
  const cols = [{ label: t('room') }, { label: t('status') }, { label: t('contact') }, { label: t('phone') },
    { label: t('tags') }, { label: t('members'), num: true }, { label: '' }];
  return h('section', {}, h('h2', {}, t('households')),
    table(cols, rows.flatMap((r) => {
      const form = h('tr', { class: 'correct-row', hidden: true, 'data-for': r.room }, h('td', { colspan: cols.length }, correctionForm(r)));
      const row = h('tr', { 'data-status': r.status, 'data-room': r.room, 'data-unclear': r.unclear ? '1' : '0' },
        h('td', { 'data-k': t('room') }, h('b', {}, r.room)),
        h('td', { 'data-k': t('status') }, pill(r.status, t('st_' + r.status)),
          r.categories && r.categories.length ? ' ' + r.categories.map((c) => label(CATEGORY, c)).join('、') : '',
          r.unclear ? [' ', pill('unclear', t('unclear'))] : null),
        h('td', { 'data-k': t('contact') }, r.contact || '—'),
        h('td', { 'data-k': t('phone') }, r.phone || '—', ' ',
          r.status === 'missing' && r.phone && !r.phone.includes('*') && (r.tags || []).includes('no_chat')
            ? h('a', { class: 'tel', href: 'tel:' + r.phone }, t('call')) : null),
        h('td', { 'data-k': t('tags') }, (r.tags || []).map((x) => label(TAG, x)).join('、') || '—'),
        numCell(r.bound_members, t('members')),
        h('td', {}, h('button', { class: 'plain small do-correct', type: 'button',
          on: { click: () => { form.hidden = !form.hidden; } } }, t('correct'))));
      return [row, form];
    }), 'cards-on-phone'));
}

// 更正 from the dashboard (POST /api/v1/households/<id>/correction), as a leader's
// `更正 <room> <label>` in the chat: the household's status today becomes what is picked.
function correctionForm(r) {
  const kind = h('select', { class: 'correct-kind' },
    h('option', { value: 'zero' }, t('st_zero')), h('option', { value: 'anomaly' }, t('st_anomaly')));
  kind.value = r.status === 'anomaly' ? 'anomaly' : 'zero';
  const boxes = Object.keys(CATEGORY).map((c) => h('input', { type: 'checkbox', value: c,
    checked: (r.categories || []).includes(c) }));
  const temp = h('input', { type: 'number', step: '0.1', min: '34', max: '43', class: 'correct-temp', placeholder: '38.5' });
  const cats = h('div', { class: 'correct-cats' }, boxes.map((b) => h('label', { class: 'inline' }, b, label(CATEGORY, b.value))),
    h('label', { class: 'inline' }, t('temperature'), temp));
  const sync = () => { cats.hidden = kind.value !== 'anomaly'; };
  kind.addEventListener('change', sync);
  sync();
  const msg = h('span', { class: 'correct-msg' });
  const save = async (e) => {
    e.preventDefault();
    const categories = kind.value === 'anomaly' ? boxes.filter((b) => b.checked).map((b) => b.value) : [];
    if (kind.value === 'anomaly' && !categories.length) { msg.textContent = t('correct_pick'); msg.className = 'correct-msg error'; return; }
    const body = { kind: kind.value, categories };
    if (kind.value === 'anomaly' && temp.value) body.temperature = Number(temp.value);
    try {
      await api(`/api/v1/households/${r.id}/correction`, { method: 'POST', body });
      msg.textContent = t('corrected');
      msg.className = 'correct-msg';
      location.reload();  // the numbers above change too
    } catch (err) { msg.textContent = t('error') + ': ' + err.message; msg.className = 'correct-msg error'; }
  };
  return h('form', { class: 'correct', on: { submit: save } },
    h('label', { class: 'inline' }, t('correct_to'), kind), cats,
    h('button', { class: 'primary', type: 'submit' }, t('correct_save')), msg);
}

// ---- incidents ------------------------------------------------------------

function incidentRow(i) {
  const overdue = i.next_due && Date.parse(i.next_due) / 1000 < serverNow() && i.state !== 'resolved';
  return h('tr', { 'data-id': i.id },
    h('td', { 'data-k': '#' }, h('a', { href: '/incidents/' + i.id }, '#' + i.id)),
    h('td', { 'data-k': t('category') }, (i.categories || [i.category]).map((c) => label(CATEGORY, c)).join('、')),
    h('td', { 'data-k': t('severity') }, pill(i.severity, label(SEVERITY, i.severity))),
    h('td', { 'data-k': t('state') }, pill(i.state, t('s_' + i.state)), overdue ? [' ', pill('overdue', t('overdue'))] : null),
    h('td', { 'data-k': t('level_reached') }, label(LEVEL, i.level)),
    h('td', { 'data-k': t('opened') }, since(i.opened_at)),
    h('td', { 'data-k': t('next_step'), class: 'countdown', 'data-due': i.next_due || '' },
      i.next_due && i.state !== 'resolved' ? t('in', { t: span(Date.parse(i.next_due) / 1000 - serverNow()) }) : '—'));
}

async function incidentsSection(node, openOnly) {
  const lists = await Promise.all((openOnly ? ['open', 'acknowledged'] : ['open', 'acknowledged', 'resolved'])
    .map((s) => api(`/api/v1/incidents?node=${encodeURIComponent(node)}&state=${s}`)));
  const all = lists.flatMap((l) => l.incidents);
  return h('section', { id: 'incidents' }, h('h2', {}, t('open_incidents') + ` (${all.length})`),
    all.length ? table([{ label: '#' }, { label: t('category') }, { label: t('severity') }, { label: t('state') },
      { label: t('level_reached') }, { label: t('opened') }, { label: t('next_step') }], all.map(incidentRow), 'cards-on-phone')
      : h('p', { class: 'muted' }, t('no_incidents')));
}

async function incidentsView() {
  const node = new URLSearchParams(location.search).get('node') || session.node;
  show(h('h1', {}, t('nav_incidents')), await incidentsSection(node, false));
}

async function incidentView(id) {
  const i = await api('/api/v1/incidents/' + id);
  const remark = h('input', { type: 'text', id: 'remark', placeholder: t('remark') });
  const msg = h('p', { id: 'act-msg' });
  const act = (verb) => async () => {
    try {
      await api(`/api/v1/incidents/${id}/${verb}`, { method: 'POST', body: { remark: remark.value } });
      msg.textContent = t('act_done');
      await incidentView(id);
    } catch (e) { msg.textContent = t('error') + ': ' + e.message; msg.className = 'error'; }
  };
  const who = i.reporter ? [i.reporter.room, i.reporter.name, i.reporter.text].filter(Boolean).join(' · ') : '';
  show(h('div', { class: 'crumbs' }, h('a', { href: '/incidents' }, t('nav_incidents')), ' › #' + i.id),
    h('h1', {}, `#${i.id} ${(i.categories || [i.category]).map((c) => label(CATEGORY, c)).join('、')}`),
    h('p', {}, pill(i.state, t('s_' + i.state)), ' ', pill(i.severity, label(SEVERITY, i.severity)), ' ', i.node, ' · ',
      t('level_reached'), ' ', label(LEVEL, i.level), ' · ', t('opened'), ' ', localTime(i.opened_at, true)),
    who ? h('p', { class: 'muted' }, who) : null,
    i.state !== 'resolved' ? h('div', { class: 'row-actions' }, remark,
      i.state === 'open' ? h('button', { class: 'primary', id: 'do-ack', on: { click: act('ack') } }, t('ack')) : null,
      h('button', { class: 'plain', id: 'do-resolve', on: { click: act('resolve') } }, t('resolve'))) : null,
    msg, h('h2', {}, t('timeline')),
    h('ul', { class: 'timeline', id: 'timeline' }, (i.timeline || []).map((e) =>
      h('li', {}, localTime(e.at, true), ' · ', label(ACTION, e.action), ' · ', label(LEVEL, e.level), ' · ',
        label(ACTOR, e.actor), e.via ? ` (${e.via})` : '',
        e.remark ? ' — ' + e.remark : ''))));
}

// ---- notices ----------------------------------------------------------------

function tallyTable(rows) {
  return table([{ label: t('name') }, { label: t('groups'), num: true }, { label: t('delivered'), num: true },
    { label: t('failed'), num: true }, { label: t('acked'), num: true }, { label: t('pending'), num: true }],
  rows.map((r) => h('tr', { 'data-node': r.node }, h('td', { 'data-k': t('name') }, r.name),
    numCell(r.groups, t('groups')), numCell(r.delivered, t('delivered')), numCell(r.failed, t('failed')),
    numCell(r.acked, t('acked')), numCell(r.pending, t('pending')))), 'cards-on-phone');
}

async function noticesView() {
  const list = await api('/api/v1/notices');
  show(h('h1', {}, t('notices')),
    session.may_issue ? h('p', {}, h('a', { class: 'button', href: '/notices/new', id: 'compose' }, t('compose'))) : null,
    table([{ label: t('label') }, { label: t('title') }, { label: t('target') }, { label: t('kind') }, { label: t('created') }],
      list.notices.map((n) => h('tr', {}, h('td', { 'data-k': t('label') }, h('a', { href: '/notices/' + n.id }, n.label)),
        h('td', { 'data-k': t('title') }, n.title), h('td', { 'data-k': t('target') }, n.target),
        h('td', { 'data-k': t('kind') }, label(KIND, n.kind) + (n.status === 'exercise' ? ' · ' + t('exercise') : '')),
        h('td', { 'data-k': t('created') }, localTime(n.created_at, true)))), 'cards-on-phone'));
}

// A small, safe Markdown preview: paragraphs, **bold**, "- " lists; text only.
function markdown(src) {
  const out = h('div', { class: 'preview', id: 'md-preview' });
  let list = null;
  for (const line of src.split('\n')) {
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    const inline = (text) => text.split(/(\*\*[^*]+\*\*)/).map((p) => (p.startsWith('**') && p.endsWith('**') && p.length > 4
      ? h('strong', {}, p.slice(2, -2)) : p));
    if (item) { if (!list) { list = h('ul'); out.append(list); } list.append(h('li', {}, inline(item[1]))); continue; }
    list = null;
    if (line.trim()) out.append(h('p', {}, inline(line)));
  }
  return out;
}

// Target picker: a select per level, children loaded as they are chosen.
async function targetPicker(start) {
  const box = h('div', { class: 'row-actions', id: 'target' });
  const chain = [];
  const value = () => { for (let i = chain.length - 1; i >= 0; i--) if (chain[i].value) return chain[i].value; return start; };
  const addLevel = async (code) => {
    const node = await api('/api/v1/nodes/' + code);
    if (!node.children.length) return;
    const sel = h('select', { 'data-level': node.level + 1 }, h('option', { value: '' }, `${node.name}（${t('all')}）`),
      node.children.map((c) => h('option', { value: c.code }, c.name)));
    sel.addEventListener('change', async () => {
      const at = chain.indexOf(sel);
      for (const s of chain.splice(at + 1)) s.remove();
      if (sel.value) await addLevel(sel.value);
    });
    chain.push(sel);
    box.append(sel);
  };
  await addLevel(start);
  return { box, value };
}

async function composeView(reference) {
  if (!session.may_issue) return show(h('p', { class: 'error' }, t('may_not_issue')));
  const title = h('input', { type: 'text', id: 'n-title', required: true, maxlength: 200 });
  if (reference) title.value = `${reference.kind === 'cancel' ? t('cancel_prefix') : t('update_prefix')}${reference.title}`;
  const body = h('textarea', { id: 'n-body', required: !reference || reference.kind !== 'cancel' });
  const previewBox = h('div', {}, markdown(''));
  body.addEventListener('input', () => previewBox.replaceChildren(markdown(body.value)));
  const picker = reference ? null : await targetPicker(session.node);
  const audience = h('select', { id: 'n-audience' }, ['residents', 'staff', 'both'].map((a) => h('option', { value: a }, t('a_' + a))));
  audience.value = 'both';
  const ack = h('input', { type: 'checkbox', id: 'n-ack', checked: true });
  const exercise = h('input', { type: 'checkbox', id: 'n-exercise' });
  const expiry = h('select', { id: 'n-expiry' }, [['', t('none')], ['2h', '2' + t('hour')], ['1d', '1' + t('day')], ['3d', '3' + t('day')], ['7d', '7' + t('day')]]
    .map(([v, l]) => h('option', { value: v }, l)));
  const confirmBox = h('div', { id: 'confirm' });
  const draft = () => {
    const d = { title: title.value.trim(), body: body.value, ack: ack.checked, status: exercise.checked ? 'exercise' : 'actual' };
    if (reference) { d.kind = reference.kind; d.reference = reference.id; } else { d.node = picker.value(); d.audience = audience.value; }
    if (expiry.value) d.expires_in = expiry.value;
    return d;
  };
  const form = h('form', { class: 'stack', id: 'compose-form' },
    h('h1', {}, reference ? `${reference.kind === 'cancel' ? t('cancel_notice') : t('update')} · ${reference.label}` : t('compose')),
    h('label', {}, t('title'), title), h('label', {}, t('body'), body), h('div', {}, h('b', {}, t('preview')), previewBox),
    picker ? h('label', {}, t('target'), picker.box) : null, reference ? null : h('label', {}, t('audience'), audience),
    h('label', { class: 'inline' }, ack, t('ack_required')), h('label', { class: 'inline' }, exercise, t('exercise')),
    h('label', {}, t('expiry'), expiry), h('button', { class: 'primary', type: 'submit', id: 'review' }, t('review')), confirmBox);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const d = draft();
    try {
      const reach = reference ? { groups: reference.groups, staff_groups: '—', resident_groups: '—', households: '—' }
        : await api('/api/v1/notices/preview', { method: 'POST', body: { node: d.node, audience: d.audience } });
      const go = h('button', { class: 'danger', type: 'button', id: 'issue' }, t('issue'));
      go.addEventListener('click', async () => {
        go.disabled = true;
        try {
          const r = await api('/api/v1/notices', { method: 'POST', body: d });
          location.assign('/notices/' + r.id);
        } catch (e) { go.disabled = false; confirmBox.append(h('p', { class: 'error' }, e.message)); }
      });
      confirmBox.replaceChildren(h('div', { class: 'confirm' },
        h('p', { id: 'reach' }, t('confirm_reach', { groups: reach.groups, staff: reach.staff_groups,
          residents: reach.resident_groups, households: reach.households })),
        h('div', { class: 'row-actions' }, go, h('button', { class: 'plain', type: 'button', on: { click: () => confirmBox.replaceChildren() } }, t('cancel_edit')))));
    } catch (e) { confirmBox.replaceChildren(h('p', { class: 'error' }, e.message)); }
  });
  show(form);
}

async function noticeView(id) {
  const p = await api('/api/v1/notices/' + id);
  const targetName = await api('/api/v1/nodes/' + p.target).then((n) => n.name).catch(() => p.target);
  // A grid's name is only unique within its community.
  const community = Object.fromEntries((p.by_community || []).map((c) => [c.node, c.name]));
  const byGrid = (p.by_grid || []).map((g) => ({ ...g, name: `${community[g.node.split('/').slice(0, 3).join('/')] || ''} ${g.name}`.trim() }));
  const reg = await api('/api/v1/groups?node=' + encodeURIComponent(p.target)).catch(() => ({ groups: [] }));
  const leadersOf = (g) => (reg.groups.find((x) => x.channel === g.channel && x.group === g.group) || { leaders: [] }).leaders
    .map((l) => [l.name, l.phone].filter(Boolean).join(' ')).join('；') || '—';
  const groupRows = (list, withError) => list.map((g) => h('tr', { 'data-group': g.group },
    h('td', { 'data-k': t('name') }, g.group), h('td', { 'data-k': t('target') }, g.node),
    h('td', { 'data-k': withError ? t('reason') : t('leaders') }, withError ? g.error : leadersOf(g))));
  const tot = p.totals;
  const pctDelivered = tot.groups ? (100 * tot.delivered) / tot.groups : 0;
  const actions = session.may_issue && p.kind !== 'cancel' && !p.cancelled_by ? h('div', { class: 'row-actions' },
    h('button', { class: 'plain', id: 'do-update', on: { click: () => composeView({ id: p.id, kind: 'update', label: p.label, title: p.title, groups: tot.groups }) } }, t('update')),
    h('button', { class: 'danger', id: 'do-cancel', on: { click: () => composeView({ id: p.id, kind: 'cancel', label: p.label, title: p.title, groups: tot.groups }) } }, t('cancel_notice'))) : null;
  show(h('div', { class: 'crumbs' }, h('a', { href: '/notices' }, t('notices')), ' › ' + p.label),
    h('h1', {}, `${p.label} ${p.title}`),
    h('p', { class: 'muted' }, `${targetName} · ${label(AUDIENCE, p.audience)} · ${label(KIND, p.kind)}${p.status === 'exercise' ? ' · ' + t('exercise') : ''} · ${localTime(p.created_at, true)}`),
    actions,
    h('p', { class: 'exports' }, h('a', { id: 'export-progress', download: '',
      href: `/api/v1/notices/${p.id}/export/progress?format=xlsx&lang=${lang === 'zh' ? 'zh' : 'en'}` }, t('export_progress')),
      p.calls.total > 0 ? [' · ', h('a', { id: 'export-calls', download: '',
        href: `/api/v1/notices/${p.id}/export/calls?format=xlsx&lang=${lang === 'zh' ? 'zh' : 'en'}` }, t('export_calls'))] : null,
      ' · ', h('a', { id: 'speech', download: '', href: `/api/v1/notices/${p.id}/speech.wav` }, t('speech'))),
    h('div', { class: 'cards', id: 'notice-totals' },
      [['groups', tot.groups], ['delivered', tot.delivered], ['failed', tot.failed, tot.failed > 0], ['acked', tot.acked],
        ['pending', tot.pending], ['calls_left', p.calls.left, p.calls.left > 0]].map(([k, v, bad]) =>
        h('div', { class: 'card' + (bad ? ' bad' : ''), 'data-key': k }, h('div', { class: 'k' }, t(k)), h('div', { class: 'v' }, v))),
      h('div', { class: 'card', 'data-key': 'delivered_percent' }, h('div', { class: 'k' }, t('delivered') + ' %'),
        h('div', { class: 'v' }, pct(pctDelivered)))),
    h('h2', {}, t('by_street')), tallyTable(p.by_street),
    h('h2', {}, t('by_community')), tallyTable(p.by_community),
    h('h2', {}, t('by_grid')), tallyTable(byGrid),
    h('h2', {}, t('failed_groups') + ` (${p.failed_groups.length})`),
    table([{ label: t('name') }, { label: t('target') }, { label: t('reason') }], groupRows(p.failed_groups, true), 'cards-on-phone'),
    p.ack_required ? [h('h2', {}, t('unacked') + ` (${p.unacked_groups.length})`),
      table([{ label: t('name') }, { label: t('target') }, { label: t('leaders') }], groupRows(p.unacked_groups, false), 'cards-on-phone')] : null);
}

// ---- groups ----------------------------------------------------------------

async function groupsView() {
  const params = new URLSearchParams(location.search);
  const node = params.get('node') || session.node;
  const want = params.get('state') || '';
  const data = await api('/api/v1/groups?node=' + encodeURIComponent(node));
  const counts = {};
  for (const g of data.groups) counts[g.state] = (counts[g.state] || 0) + 1;
  const tabs = h('div', { class: 'tabs' }, ['', 'failing', 'silent', 'ok', 'new'].map((s) =>
    h('a', { href: '/groups' + (s ? '?state=' + s : ''), class: s === want ? 'on' : '' },
      (s ? t('g_' + s) : t('all')) + ` (${s ? counts[s] || 0 : data.groups.length})`)));
  const rows = data.groups.filter((g) => !want || g.state === want).sort((a, b) =>
    (a.state === 'failing' ? 0 : a.state === 'silent' ? 1 : 2) - (b.state === 'failing' ? 0 : b.state === 'silent' ? 1 : 2));
  show(h('h1', {}, t('registry')), tabs,
    table([{ label: t('name') }, { label: t('platform') }, { label: t('audience') }, { label: t('state') },
      { label: t('last_delivery') }, { label: t('last_inbound') }, { label: t('last_error') }],
    rows.map((g) => h('tr', { 'data-group': g.group, 'data-state': g.state },
      h('td', { 'data-k': t('name') }, g.name || g.group, h('div', { class: 'muted' }, g.node)),
      h('td', { 'data-k': t('platform') }, `${g.platform} · ${g.channel}`),
      h('td', { 'data-k': t('audience') }, t('a_' + g.audience)),
      h('td', { 'data-k': t('state') }, pill(g.state, t('g_' + g.state)),
        g.state === 'silent' ? ' ' + t('silent_days', { n: g.silent_days }) : ''),
      h('td', { 'data-k': t('last_delivery') }, localTime(g.last_delivery, true)),
      h('td', { 'data-k': t('last_inbound') }, localTime(g.last_inbound, true)),
      h('td', { 'data-k': t('last_error'), class: g.last_error ? 'error' : '' }, g.last_error || '—'))), 'cards-on-phone'));
}

// ---- router -------------------------------------------------------------------

async function route() {
  const path = location.pathname;
  const status = Number(document.body.dataset.status || 200);
  if (status !== 200) return statusPage(status);
  if (path === '/' || path === '/signin') return location.replace('/n/' + session.node);
  let m;
  if ((m = /^\/n\/(.+)$/.exec(path))) return nodeView(m[1]);
  if (path === '/incidents') return incidentsView();
  if ((m = /^\/incidents\/(\d+)$/.exec(path))) return incidentView(m[1]);
  if (path === '/notices') return noticesView();
  if (path === '/notices/new') return composeView(null);
  if ((m = /^\/notices\/(\d+)$/.exec(path))) return noticeView(m[1]);
  if (path === '/groups') return groupsView();
  return statusPage(404);
}

async function main() {
  document.getElementById('lang').addEventListener('click', () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('gb_lang', lang);
    location.reload();
  });
  document.getElementById('signout').addEventListener('click', async () => {
    await api('/dashboard/api/signout', { method: 'POST', body: {} }).catch(() => {});
    location.assign('/signin');
  });
  // A one-time sign-in link (gridbot token new --link): the code is in the
  // fragment, which never reaches a server log; it is spent and then erased.
  let linkError = '';
  if (location.hash.startsWith('#code=')) {
    const code = decodeURIComponent(location.hash.slice(6));
    history.replaceState(null, '', location.pathname);
    try {
      await api('/dashboard/api/signin', { method: 'POST', body: { code } });
      return location.replace('/');
    } catch (e) { linkError = t('bad_link'); }
  }
  try {
    session = await api('/dashboard/api/session');
    skew = session.now - Date.now() / 1000;
  } catch (e) {
    session = null;
  }
  renderHeader();
  if (!session) return signInView(linkError);
  show(h('p', { class: 'muted' }, t('loading')));
  try {
    await route();
  } catch (e) {
    if (e.status === 401) return signInView();
    if (e.status === 403 || e.status === 404) return statusPage(e.status);
    show(h('p', { class: 'error' }, t('error') + ': ' + e.message));
  }
  document.body.dataset.ready = '1';
}

main();
