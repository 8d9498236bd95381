#!/usr/bin/env node
// A tiny in-memory stand-in for gridbot's sandbox API, for developing and
// testing web/sandbox/index.html without the daemon. No dependencies.
//
//   PORT=0 node tests/browser/fake-sandbox-server.mjs
//   -> prints "fake sandbox server: http://127.0.0.1:<port>/sandbox/"
//
// API (same contract as the daemon):
//   GET  /sandbox/api/clock       {"timezone","offset_seconds","now"}: the district's zone
//   GET  /sandbox/api/groups
//   GET  /sandbox/api/groups/<group>/members
//   GET  /sandbox/api/groups/<group>/messages?after=<seq>
//   POST /sandbox/api/groups/<group>/messages  {"sender","name","text"}
// The fake bot answers every member message after 300 ms.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const PAGE = path.resolve(here, '../../web/sandbox/index.html');
const MAX_TEXT = 2000; // characters
const BOT_DELAY_MS = Number(process.env.BOT_DELAY_MS ?? 300);

const rooms = (spec) => {
  // spec: [[building, unit, [rooms...]], ...] -> "b-u-r"
  const out = [];
  for (const [b, u, rs] of spec) for (const r of rs) out.push(`${b}-${u}-${r}`);
  return out;
};

const groups = [
  { id: 'nangang-command', name: '南岗区防控指挥部', node: 'nangang', node_name: '南岗区', level: 'district', audience: 'staff' },
  { id: 'xianfeng-staff', name: '先锋街道工作群', node: 'nangang/xianfeng', node_name: '先锋街道', level: 'street', audience: 'staff' },
  { id: 'longtai-staff', name: '龙台社区网格长群', node: 'nangang/xianfeng/longtai', node_name: '龙台社区', level: 'community', audience: 'staff' },
  { id: 'longtai-g01', name: '龙台社区第一网格居民群', node: 'nangang/xianfeng/longtai/g01', node_name: '第一网格', level: 'grid', audience: 'residents' },
  { id: 'longtai-g02', name: '龙台社区第二网格居民群', node: 'nangang/xianfeng/longtai/g02', node_name: '第二网格', level: 'grid', audience: 'residents' },
  // Unlike the daemon's sample, an id with "/" and non-ASCII characters,
  // to exercise encodeURIComponent.
  { id: '红旗/g01', name: '红旗社区第一网格居民群', node: 'nangang/xianfeng/hongqi/g01', node_name: '第一网格', level: 'grid', audience: 'residents' },
];

const L = (node, name) => ({ id: `leader-${node.replaceAll('/', '-')}`, name, node });
const leadersByNode = {
  'nangang': [L('nangang', '王秀英')],
  'nangang/xianfeng': [L('nangang/xianfeng', '李淑珍')],
  'nangang/xianfeng/longtai': [L('nangang/xianfeng/longtai', '张美玲')],
  'nangang/xianfeng/longtai/g01': [L('nangang/xianfeng/longtai/g01', '刘丽娟')],
  'nangang/xianfeng/longtai/g02': [L('nangang/xianfeng/longtai/g02', '陈立新')],
  'nangang/xianfeng/hongqi/g01': [L('nangang/xianfeng/hongqi/g01', '黄建国')],
};
const roomsByNode = {
  'nangang/xianfeng/longtai/g01': rooms([[1, 1, [102, 201, 202, 402, 501, 601]], [1, 2, [201, 202, 301, 302, 401, 402, 501, 502, 602]], [2, 1, [101, 102, 202, 302]], [3, 2, [501, 502]]]),
  'nangang/xianfeng/longtai/g02': rooms([[5, 1, [101, 201, 301]], [6, 2, [402, 502]]]),
  'nangang/xianfeng/hongqi/g01': rooms([[1, 1, [101, 102]], [2, 3, [601]]]),
};

function membersOf(g) {
  const leaders = [];
  for (const [node, ls] of Object.entries(leadersByNode)) {
    const isSelf = node === g.node;
    const isChild = g.audience === 'staff' && node.startsWith(g.node + '/') &&
      !node.slice(g.node.length + 1).includes('/');
    if (isSelf || isChild) leaders.push(...ls);
  }
  return { leaders, rooms: g.audience === 'residents' ? (roomsByNode[g.node] ?? []) : [] };
}

// ---- message store -------------------------------------------------------
let nextSeq = 1;
const messages = new Map(groups.map((g) => [g.id, []]));
const now = () => Math.floor(Date.now() / 1000);

function append(groupId, sender, name, text, fromBot, time = now()) {
  const m = { seq: nextSeq++, sender, name, text, time, from_bot: fromBot };
  messages.get(groupId).push(m);
  return m;
}
const bot = (groupId, text, time) => append(groupId, 'gridbot', '网格助手', text, true, time);

// A little history so the page is not empty on first open.
{
  const t = now() - 3600;
  bot('nangang-command', '📢 **区指挥部通知**\n今日起各网格每日 9:00 前完成健康日报汇总，异常情况请立即上报。', t);
  append('longtai-staff', 'leader-nangang-xianfeng-longtai', '张美玲', '各网格员注意，今天的汇总 10 点前发群里。', false, t + 60);
  bot('longtai-g01', '大家好，我是网格助手 🤖\n每天请发送健康日报，例如「**3栋2单元502 正常**」；全家无异常可直接发「**零报告**」。\n发送「帮助」查看全部用法。', t + 120);
  append('longtai-g01', 'leader-nangang-xianfeng-longtai-g01', '刘丽娟', '请各位居民每天上午 9 点前报平安，谢谢配合！', false, t + 180);
}

function botReply(g, text) {
  const t = text.trim();
  if (t === '帮助' || t.toLowerCase() === 'help') {
    return '**可以这样发：**\n• 零报告 —— 全家无异常\n• 3栋2单元502 正常 —— 按门牌报平安\n• 发烧38.5，咳嗽 —— 报告症状，网格员会联系您\n• 登记 3-2-502 —— 绑定您的门牌\n• 汇总 —— 网格员查看今日汇总（仅组长）';
  }
  if (t === '汇总') {
    return `**${g.node_name} 今日汇总**（模拟数据）\n已报：18 户 / 应报：23 户\n异常：1 户（3-2-502 发热）\n未报：1-1-102、1-2-301、2-1-202、3-2-501、1-1-601`;
  }
  if (/发烧|发热|咳嗽|38|39/.test(t)) return `⚠️ 已记录异常：${t}\n网格员会尽快与您联系，请居家等待，勿外出。`;
  return `已收到：${t}`;
}

// ---- HTTP ----------------------------------------------------------------
function send(res, status, body, type = 'application/json; charset=utf-8') {
  const data = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(data);
}
const err = (res, status, error, detail) => send(res, status, { error, detail });

function readBody(req, limit = 64 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) { reject(Object.assign(new Error('body too large'), { status: 413 })); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://localhost');
    const p = url.pathname;
    if (req.method === 'GET' && (p === '/' || p === '/sandbox')) {
      res.writeHead(302, { Location: '/sandbox/' });
      return res.end();
    }
    if (req.method === 'GET' && (p === '/sandbox/' || p === '/sandbox/index.html')) {
      return send(res, 200, fs.readFileSync(PAGE, 'utf8'), 'text/html; charset=utf-8');
    }
    if (p === '/sandbox/api/clock') {
      return send(res, 200, { timezone: 'Asia/Shanghai', offset_seconds: 28800, now: Math.floor(Date.now() / 1000) });
    }
    if (p === '/sandbox/api/groups') {
      if (req.method !== 'GET') return err(res, 405, 'method_not_allowed', 'use GET');
      return send(res, 200, groups);
    }
    const m = /^\/sandbox\/api\/groups\/([^/]+)\/(members|messages)$/.exec(p);
    if (!m) return err(res, 404, 'not_found', `no route for ${p}`);
    let gid;
    try { gid = decodeURIComponent(m[1]); } catch { return err(res, 400, 'bad_group', 'bad percent-encoding'); }
    const g = groups.find((x) => x.id === gid);
    if (!g) return err(res, 404, 'unknown_group', `no group ${gid}`);

    if (m[2] === 'members') {
      if (req.method !== 'GET') return err(res, 405, 'method_not_allowed', 'use GET');
      return send(res, 200, membersOf(g));
    }
    if (req.method === 'GET') {
      const after = Number(url.searchParams.get('after') ?? 0) || 0;
      return send(res, 200, messages.get(g.id).filter((x) => x.seq > after));
    }
    if (req.method !== 'POST') return err(res, 405, 'method_not_allowed', 'use GET or POST');
    let body;
    try { body = JSON.parse(await readBody(req)); } catch (e) {
      if (e.status === 413) return err(res, 413, 'too_long', 'request body too large');
      return err(res, 400, 'bad_json', 'body must be a JSON object');
    }
    const sender = typeof body?.sender === 'string' ? body.sender.trim() : '';
    const name = typeof body?.name === 'string' ? body.name.trim() : '';
    const text = typeof body?.text === 'string' ? body.text : '';
    if (!sender) return err(res, 400, 'missing_sender', 'sender is required');
    if (!text.trim()) return err(res, 400, 'empty_text', 'text is empty');
    if ([...text].length > MAX_TEXT) return err(res, 413, 'too_long', `text longer than ${MAX_TEXT} characters`);
    const msg = append(g.id, sender, name || sender, text, false);
    setTimeout(() => bot(g.id, botReply(g, text)), BOT_DELAY_MS);
    return send(res, 200, { seq: msg.seq });
  } catch (e) {
    console.error(e);
    if (!res.headersSent) err(res, 500, 'internal', String(e?.message ?? e));
  }
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`fake sandbox server: http://127.0.0.1:${port}/sandbox/`);
});
// Exit at once: browsers hold keep-alive connections that would keep close() waiting.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { server.closeAllConnections(); process.exit(0); });
