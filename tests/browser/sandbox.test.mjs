#!/usr/bin/env node
// Drives the sandbox page in Debian's headless Chromium:
// open /sandbox/, pick a residents group, post as a resident, and wait for
// the bot's answer to appear after our message.
//
// Environment:
//   GRIDBOT_URL         base URL, e.g. http://127.0.0.1:8080 (required)
//   GRIDBOT_GROUP       group id (default: first residents group on the page)
//   GRIDBOT_ROOM        room to post as, e.g. 1-2-502 (default: first room offered)
//   GRIDBOT_TEXT        message to send (default: 帮助)
//   GRIDBOT_SCREENSHOT  save a PNG here when set
//   GRIDBOT_VIEWPORT    WIDTHxHEIGHT (default 1280x800; e.g. 390x844 for a phone)
//   GRIDBOT_TIMEOUT_MS  how long to wait for the bot (default 15000)
//   GRIDBOT_BROWSER_TZ  the browser's own time zone (default America/New_York), set
//                       unlike the district's to prove the page shows the district's
//   GRIDBOT_DISTRICT_OFFSET  the district's UTC offset in seconds (default 28800,
//                       Asia/Shanghai of config/example.toml)
//   CHROMIUM            browser binary (default /usr/bin/chromium)
//
// Prints "sandbox browser test: ok" and exits 0, or prints what failed and exits 1.

import { chromium } from 'playwright-core';

const base = (process.env.GRIDBOT_URL || '').replace(/\/+$/, '');
const wantGroup = process.env.GRIDBOT_GROUP || '';
const wantRoom = process.env.GRIDBOT_ROOM || '';
const text = process.env.GRIDBOT_TEXT || '帮助';
const shot = process.env.GRIDBOT_SCREENSHOT || '';
const [vw, vh] = (process.env.GRIDBOT_VIEWPORT || '1280x800').split('x').map(Number);
const botTimeout = Number(process.env.GRIDBOT_TIMEOUT_MS || 15000);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const browserZone = process.env.GRIDBOT_BROWSER_TZ || 'America/New_York';
const districtOffset = Number(process.env.GRIDBOT_DISTRICT_OFFSET || 28800);

const fail = (msg) => { throw Object.assign(new Error(msg), { testFailure: true }); };
// Attribute-selector value, double-quoted.
const q = (v) => '"' + String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';

// Which fonts Chromium used for the element's text (CDP CSS.getPlatformFontsForNode),
// and how many glyphs a CJK font drew against the Han characters in it. With
// no CJK font installed Chromium draws each Han character as a box in a Latin
// font, and no CJK family appears in the list.
async function cjkCoverage(page, selector) {
  const text = await page.locator(selector).textContent();
  const han = [...text].filter((c) => /\p{Script=Han}/u.test(c)).length;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  const isCjk = (f) => /CJK|Han|Hei|Song|Ming|Kai|WenQuanYi|Droid Sans Fallback/i.test(f.familyName);
  const cjkGlyphs = fonts.filter(isCjk).reduce((n, f) => n + f.glyphCount, 0);
  await cdp.detach();
  return { han, cjkGlyphs, fonts: fonts.map((f) => `${f.familyName} (${f.glyphCount})`) };
}

async function main() {
  if (!base) fail('GRIDBOT_URL is not set (e.g. GRIDBOT_URL=http://127.0.0.1:8080)');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const pageErrors = [];
  const consoleErrors = [];
  let page;
  try {
    const context = await browser.newContext({
      viewport: { width: vw || 1280, height: vh || 800 },
      locale: 'zh-CN',
      timezoneId: browserZone,
      deviceScaleFactor: 1,
    });
    page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on('pageerror', (e) => pageErrors.push(String(e && e.message || e)));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });

    const url = base + '/sandbox/';
    const resp = await page.goto(url, { waitUntil: 'domcontentloaded' }).catch((e) => fail(`cannot open ${url}: ${e.message}`));
    if (!resp || !resp.ok()) fail(`GET ${url} returned ${resp ? resp.status() : 'nothing'}`);

    // 1. group list
    const items = page.locator('[data-testid="group-item"]');
    await items.first().waitFor({ state: 'attached', timeout: 10000 })
      .catch(() => fail('no group items appeared (is /sandbox/api/groups answering?)'));
    let groupId = wantGroup;
    if (!groupId) {
      groupId = await page.locator('[data-testid="group-item"][data-audience="residents"]').first()
        .getAttribute('data-group-id', { timeout: 2000 })
        .catch(() => fail('no residents group in the list'));
    }
    const groupBtn = page.locator(`[data-testid="group-item"][data-group-id=${q(groupId)}]`);
    if (await groupBtn.count() !== 1) {
      const ids = await items.evaluateAll((ns) => ns.map((n) => n.dataset.groupId));
      fail(`group ${JSON.stringify(groupId)} not in the list: ${JSON.stringify(ids)}`);
    }
    await groupBtn.click();
    await page.waitForFunction((id) => {
      const b = document.querySelector('[data-testid="group-item"][aria-current="true"]');
      return b && b.dataset.groupId === id;
    }, groupId, { timeout: 5000 }).catch(() => fail(`group ${groupId} did not become selected`));

    // 2. identity: resident of a room
    const who = page.locator('[data-testid="identity-select"]');
    await page.waitForFunction(() => {
      const s = document.querySelector('[data-testid="identity-select"]');
      return s && [...s.options].some((o) => o.value === 'custom');
    }, null, { timeout: 10000 }).catch(() => fail('identity selector never got the group members'));
    const rooms = await who.evaluate((s) => [...s.options].filter((o) => o.value.startsWith('room:')).map((o) => o.value.slice(5)));
    if (!rooms.length) fail(`group ${groupId} offers no rooms to post as a resident`);
    const room = wantRoom || rooms[0];
    if (!rooms.includes(room)) fail(`room ${room} not offered in ${groupId}; offered: ${rooms.slice(0, 20).join(', ')}${rooms.length > 20 ? ' …' : ''}`);
    await who.selectOption('room:' + room);
    const sender = `res-${groupId}-${room}`;

    // Wait for the initial history so "before" really is the last seq.
    await page.waitForFunction(() => {
      const tr = document.querySelector('[data-testid="transcript"]');
      return tr && (tr.querySelector('[data-testid="message"]') || tr.querySelector('[data-testid="transcript-empty"]'));
    }, null, { timeout: 10000 }).catch(() => fail('transcript never loaded (messages API?)'));
    const before = await page.evaluate(() => Math.max(0, ...[...document.querySelectorAll('[data-testid="message"]')].map((n) => Number(n.dataset.seq))));

    // 3. type and send with Enter
    const box = page.locator('[data-testid="composer-input"]');
    await box.fill(text);
    await box.press('Enter');

    // 4. wait for our message and a bot message after it
    const result = await page.waitForFunction(({ before, text, sender }) => {
      const ns = [...document.querySelectorAll('[data-testid="transcript"] [data-testid="message"]')];
      const mine = ns.findIndex((n) => Number(n.dataset.seq) > before && n.dataset.fromBot === 'false' &&
        n.dataset.sender === sender && n.querySelector('[data-testid="message-text"]').textContent.trim() === text.trim());
      if (mine < 0) return null;
      const botIdx = ns.findIndex((n, i) => i > mine && n.dataset.fromBot === 'true');
      if (botIdx < 0) return null;
      return {
        mine: { seq: Number(ns[mine].dataset.seq), own: ns[mine].dataset.own, idx: mine },
        bot: { seq: Number(ns[botIdx].dataset.seq), idx: botIdx, text: ns[botIdx].querySelector('[data-testid="message-text"]').textContent },
        seqs: ns.map((n) => Number(n.dataset.seq)),
      };
    }, { before, text, sender }, { timeout: botTimeout, polling: 200 }).then((h) => h.jsonValue()).catch(async () => {
      const seen = await page.evaluate(() => [...document.querySelectorAll('[data-testid="message"]')].slice(-6)
        .map((n) => `#${n.dataset.seq} ${n.dataset.fromBot === 'true' ? 'BOT' : n.dataset.sender}: ${n.querySelector('[data-testid="message-text"]').textContent.slice(0, 60)}`));
      const err = await page.locator('[data-testid="composer-error"]').textContent().catch(() => '');
      const banner = await page.locator('[data-testid="error-banner"]').textContent().catch(() => '');
      fail(`within ${botTimeout} ms the transcript did not show our message ${JSON.stringify(text)} from ${sender} followed by a bot message.` +
        (err ? `\n  composer error: ${err}` : '') + (banner ? `\n  banner: ${banner}` : '') +
        `\n  last messages:\n    ${seen.join('\n    ') || '(none)'}`);
    });

    // 5. order in the DOM
    const { mine, bot, seqs } = result;
    if (!(bot.seq > mine.seq)) fail(`bot message #${bot.seq} is not after ours #${mine.seq}`);
    for (let i = 1; i < seqs.length; i++) {
      if (!(seqs[i] > seqs[i - 1])) fail(`transcript is not in seq order: ${seqs.join(',')}`);
    }
    if (mine.own !== 'true') fail('our message is not marked as our own (data-own)');
    const botLabel = await page.locator(`[data-testid="message"][data-seq="${bot.seq}"] [data-testid="message-name"]`).textContent();
    if (!botLabel.includes('🤖')) fail(`bot message is not labelled with 🤖 (name shows ${JSON.stringify(botLabel)})`);
    // The newest message must be visible (scrolled to the bottom).
    const visible = await page.locator(`[data-testid="message"][data-seq="${bot.seq}"]`).isVisible();
    if (!visible) fail(`bot message #${bot.seq} is not visible`);
    if (pageErrors.length) fail('page errors: ' + pageErrors.join(' | '));

    // 6. Chinese is drawn with real glyphs, not empty boxes.
    const cjk = await cjkCoverage(page, `[data-testid="message"][data-seq="${bot.seq}"] [data-testid="message-text"]`);
    console.log(`cjk glyphs: ${cjk.cjkGlyphs} glyphs from CJK fonts for ${cjk.han} Han characters; fonts used: ${cjk.fonts.join(', ') || 'none'}`);
    if (cjk.han === 0) fail('the bot message holds no Chinese to check fonts with');
    if (cjk.cjkGlyphs < cjk.han) fail(`only ${cjk.cjkGlyphs} of ${cjk.han} Han characters have a CJK font (fonts: ${cjk.fonts.join(', ')}); install fonts-noto-cjk`);
    // 7. times in the district's zone, not the browser's
    const clock = await (await page.request.get(base + '/sandbox/api/clock')).json().catch(() => null);
    if (!clock || clock.offset_seconds !== districtOffset) fail(`/sandbox/api/clock says ${JSON.stringify(clock)}, expected offset_seconds ${districtOffset}`);
    const stamp = page.locator(`[data-testid="message"][data-seq="${mine.seq}"] [data-testid="message-time"]`);
    const iso = await stamp.getAttribute('datetime');
    const shown = (await stamp.textContent()).trim();
    const expected = new Date(Date.parse(iso) + districtOffset * 1000).toISOString().slice(11, 16);
    const browserLocal = await page.evaluate((iso) => { const d = new Date(iso); return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0'); }, iso);
    if (browserLocal === expected) fail(`the browser's zone ${browserZone} gives the district's time too; pick another GRIDBOT_BROWSER_TZ`);
    if (shown !== expected) fail(`message time shows ${shown} (browser ${browserZone} says ${browserLocal}), expected the district's ${expected} for ${iso}`);

    if (shot) await page.screenshot({ path: shot });
    console.log('sandbox browser test: ok');
    if (consoleErrors.length && process.env.GRIDBOT_VERBOSE) console.log('console errors: ' + consoleErrors.join(' | '));
    return 0;
  } catch (e) {
    if (shot && page) await page.screenshot({ path: shot }).catch(() => {});
    console.log('sandbox browser test: FAILED');
    console.log('  ' + (e.testFailure ? e.message : (e.stack || String(e))));
    if (pageErrors.length) console.log('  page errors: ' + pageErrors.join(' | '));
    return 1;
  } finally {
    await browser.close().catch(() => {});
  }
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.log('sandbox browser test: FAILED');
  console.log('  ' + (e.testFailure ? e.message : (e.stack || String(e))));
}
process.exit(code);
