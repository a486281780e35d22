// The demo page (web/index.html) in headless Chromium: served from this tree
// on 127.0.0.1, driven over the DevTools protocol (--remote-debugging-pipe,
// so no npm package is needed), a Latvian then English text typed key by
// key; the spans in the DOM must be the package's and the text's, and a
// screenshot goes to build/browser-demo.png. Run by tests/js_test.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { spans as packageSpans } from '../js/node.js';

const ROOT = resolve('.');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SCREENSHOT = resolve(process.env.GLOSSA_SCREENSHOT || 'build/browser-demo.png');
const LATVIAN = 'Rīgas vecpilsēta ir viena no skaistākajām vietām Baltijā, un tūristi to apmeklē visu gadu. ';
const ENGLISH = 'The old town of Riga is one of the most beautiful places in the Baltics, and tourists visit it all year.';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json' };

let server;
let origin;
let chrome;
let profile;
let page;
let browser;

// A static file server for this tree, on 127.0.0.1 only.
function serve() {
  return new Promise((done) => {
    server = createServer((req, res) => {
      let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path.endsWith('/')) path += 'index.html';
      const file = resolve(ROOT, '.' + path);
      if (!file.startsWith(ROOT + sep)) return res.writeHead(403).end();
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${server.address().port}`));
  });
}

// The DevTools protocol over the pipe: JSON messages ended by NUL, Chromium
// reading fd 3 and writing fd 4.
function devtools(proc) {
  let next = 1;
  let buffered = '';
  const waiting = new Map();
  const events = [];
  proc.stdio[4].on('data', (chunk) => {
    buffered += chunk.toString('utf8');
    let end;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const msg = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (msg.id && waiting.has(msg.id)) {
        const { ok, fail, method } = waiting.get(msg.id);
        waiting.delete(msg.id);
        if (msg.error) fail(new Error(`${method}: ${msg.error.message}`));
        else ok(msg.result);
      } else if (msg.method) {
        events.push(msg);
      }
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((ok, fail) => {
    const id = next++;
    waiting.set(id, { ok, fail, method });
    proc.stdio[3].write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
  });
  return { send, events };
}

async function openPage() {
  chrome = spawn(CHROMIUM, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--no-default-browser-check', '--remote-debugging-pipe', `--user-data-dir=${profile}`,
    '--window-size=1100,900', 'about:blank'],
  { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true });
  const cdp = devtools(chrome);
  browser = cdp;
  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
  const send = (method, params) => cdp.send(method, params, sessionId);
  await send('Runtime.enable');
  await send('Page.enable');
  await send('Emulation.setDeviceMetricsOverride', { width: 1100, height: 820, deviceScaleFactor: 1, mobile: false });
  const evaluate = async (expression) => {
    const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.exception?.description}`);
    return r.result.value;
  };
  const until = async (expression, what) => {
    for (let i = 0; i < 200; i++) {
      if (await evaluate(expression)) return;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  return { send, evaluate, until, events: cdp.events };
}

// Key by key, as a person types: keyDown with the character, then keyUp.
async function type(text) {
  for (const ch of text) {
    await page.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch });
    await page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch });
  }
}

const domSpans = () => page.evaluate(`[...document.querySelectorAll('#spans .glossa-span')].map((s) =>
  ({ start: +s.dataset.start, end: +s.dataset.end, lang: s.dataset.lang, text: s.textContent }))`);
// Waits until the page has rendered the textarea's current text.
const rendered = () => page.until(`[...document.querySelectorAll('#spans .glossa-span')].map((s) => s.textContent)
  .join('') === document.getElementById('text').value`, 'the spans of the typed text');

before(async () => {
  profile = mkdtempSync(join(tmpdir(), 'glossa-chromium-'));
  origin = await serve();
  page = await openPage();
  await page.send('Page.navigate', { url: `${origin}/web/` });
  await page.until(`document.body && document.body.dataset.ready === 'true'`, 'the page to load glossa');
  await page.evaluate(`document.getElementById('text').focus()`);
});

// Chromium and all its helper processes are gone before its profile is
// removed: they write there to the end, and a renderer or crash handler can
// outlive the browser process. Browser.close asks nicely; the process group
// (spawned detached) is then killed; rmSync retries what is still settling.
after(async () => {
  if (chrome && chrome.exitCode === null) {
    const exited = new Promise((done) => chrome.once('exit', done));
    browser?.send('Browser.close').catch(() => {});
    const timer = setTimeout(() => chrome.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  try { process.kill(-chrome.pid, 'SIGKILL'); } catch { /* the group is already gone */ }
  server?.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
});

test('the page loads the package and names its languages', async () => {
  assert.match(await page.evaluate(`document.getElementById('status').textContent`), /^494 languages · glossa /);
});

test('typing Latvian: Latvian on top and one Latvian span, live', async () => {
  await type(LATVIAN);
  await rendered();
  assert.equal(await page.evaluate(`document.querySelector('#top li').dataset.lang`), 'lv');
  assert.deepEqual((await domSpans()).map((s) => s.lang), ['lv']);
});

test('then English: a Latvian and an English span, as the package gives them', async () => {
  await type(ENGLISH);
  await rendered();
  const text = await page.evaluate(`document.getElementById('text').value`);
  assert.equal(text, LATVIAN + ENGLISH, 'every key arrived');
  const shown = await domSpans();
  assert.deepEqual(shown.map((s) => [s.lang, s.text.trim()]), [['lv', LATVIAN.trim()], ['en', ENGLISH]]);
  assert.deepEqual(shown.map(({ start, end, lang }) => ({ start, end, lang })),
    packageSpans(text).spans.map(({ start, end, lang }) => ({ start, end, lang })));
  shown.forEach((s) => assert.equal(s.text, text.slice(s.start, s.end)));
  const legend = await page.evaluate(`[...document.querySelectorAll('#legend li')].map((li) => li.dataset.lang)`);
  assert.deepEqual(legend, ['lv', 'en']);
  assert.equal(await page.evaluate(`document.body.dataset.mixed`), 'true');
  const colours = await page.evaluate(`[...document.querySelectorAll('#spans .glossa-span')]
    .map((s) => getComputedStyle(s).backgroundColor)`);
  assert.notEqual(colours[0], colours[1], 'each language its colour');
});

test('a screenshot is saved, and the page threw nothing', async () => {
  const { data } = await page.send('Page.captureScreenshot', { format: 'png' });
  mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
  writeFileSync(SCREENSHOT, Buffer.from(data, 'base64'));
  assert.ok(readFileSync(SCREENSHOT).length > 10000);
  const thrown = page.events.filter((e) => e.method === 'Runtime.exceptionThrown' ||
    (e.method === 'Runtime.consoleAPICalled' && e.params.type === 'error'));
  assert.deepEqual(thrown.map((e) => JSON.stringify(e.params).slice(0, 300)), []);
});
