// Tests of the npm package (js/) with Node's test runner: its answers are the
// CLI's on corpus lines of every script, span offsets are UTF-16 offsets
// (astral characters, combining marks, lone surrogates), empty and 10 MB
// input. Run by tests/js_test.sh: GLOSSA_CLI and GLOSSA_CORPUS name the CLI
// and the corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detect, spans, languages, init, version } from '../js/node.js';

const CLI = process.env.GLOSSA_CLI || 'build/glossa';
const CORPUS = process.env.GLOSSA_CORPUS || '../shared/corpus';
const LINES_PER_FILE = 3;

function cli(args, input) {
  const r = spawnSync(CLI, ['--quiet', ...args], { input, maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, `${CLI} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

// The first few lines of every file of a corpus directory, as JavaScript
// strings (whatever UTF-8 they hold decoded as TextDecoder does).
function sample(dir) {
  const out = [];
  for (const name of readdirSync(join(CORPUS, dir)).sort()) {
    const lines = readFileSync(join(CORPUS, dir, name), 'utf8').split('\n')
      .map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() && !l.includes('\r'));
    for (const line of lines.slice(0, LINES_PER_FILE)) out.push({ file: name.replace(/\.txt$/, ''), line });
  }
  return out;
}

const dev = sample('dev');
const ood = sample('ood/ntrex');
const scriptOf = new Map(readFileSync(join(CORPUS, 'languages.tsv'), 'utf8').split('\n').slice(1)
  .filter(Boolean).map((row) => row.split('\t')).map(([code, , , , script]) => [code, script]));

function sameProb(actual, printed, what) {
  assert.ok(Math.abs(actual - printed) <= 0.00005 + 1e-6, `${what}: ${actual} vs the CLI's ${printed}`);
}

// The CLI's byte offsets into text's UTF-8, as UTF-16 offsets (independent
// of the package: Buffer decodes the prefix).
function utf16Offsets(text) {
  const bytes = Buffer.from(text, 'utf8');
  return (b) => bytes.subarray(0, b).toString('utf8').length;
}

function compareLines(items, extra = [], options = {}) {
  const input = items.map((x) => x.line).join('\n') + '\n';
  const want = cli(['--lines', '-k', '3', '--format', 'json', ...extra], input);
  assert.equal(want.length, items.length);
  items.forEach(({ file, line }, i) => {
    const got = detect(line, { k: 3, ...options });
    const top = want[i].top;
    assert.deepEqual(got.map((g) => g.lang), top.map((g) => g.lang), `${file}: ${line}`);
    got.forEach((g, j) => sameProb(g.prob, top[j].prob, `${file} guess ${j}`));
    assert.equal(got[0].reliable, want[i].reliable, `${file}: reliable`);
  });
}

test('the slice holds every script of the corpus', () => {
  const scripts = new Set(dev.map((x) => scriptOf.get(x.file)));
  const all = new Set(readdirSync(join(CORPUS, 'dev')).map((n) => scriptOf.get(n.replace(/\.txt$/, ''))));
  assert.deepEqual([...scripts].sort(), [...all].sort());
  assert.ok(scripts.size > 20, `${scripts.size} scripts`);
  assert.ok(ood.length > 300, `${ood.length} ood lines`);
});

test('detect gives the CLI\'s top 3 on dev lines of every language', () => compareLines(dev));
test('detect gives the CLI\'s top 3 on ood/ntrex lines', () => compareLines(ood));
test('prior: flat gives the CLI\'s --prior flat', () => compareLines(ood, ['--prior', 'flat'], { prior: 'flat' }));
test('only gives the CLI\'s --only', () =>
  compareLines(dev.slice(0, 300), ['--only', 'de,nl,sr,lv,lt'], { only: ['de', 'nl', 'sr', 'lv', 'lt'] }));
test('only takes tags as --only does: regions, ISO 639-2/B, macrolanguage members', () => {
  compareLines(dev.slice(0, 100), ['--only', 'de-DE,dut,zh-TW,cmn,sr-ME'],
    { only: ['de-DE', 'dut', 'zh-TW, cmn', 'sr-ME'] });
  assert.equal(detect('我們今天去公園散步，因為天氣很好。', { only: ['zh-CN'] })[0].lang, 'zh-Hans');
  assert.throws(() => detect('Labrīt', { only: ['lv', 'tlh'] }), { name: 'RangeError',
    message: 'glossa: only: Klingon is not in this model' });
  assert.throws(() => detect('Labrīt', { only: [] }), { message: 'glossa: only: no language given' });
});

test('the first words alone: the CLI\'s answers on one and two words', () => {
  const words = [...dev, ...ood].flatMap(({ file, line }) => {
    const w = line.split(/\s+/).filter(Boolean);
    return [{ file, line: w[0] || '' }, { file, line: w.slice(0, 2).join(' ') }];
  });
  compareLines(words);
});

test('minProb gives the CLI\'s --min-prob', () => {
  for (const p of ['0.05', '0.5', '0.9']) compareLines([...dev.slice(0, 200), ...ood.slice(0, 100)], ['--min-prob', p], { minProb: +p });
});

// Compares spans(text) with the CLI's --spans --summary on the same text:
// same spans at the same places (byte offsets turned into UTF-16 offsets).
function compareSpans(docs) {
  const want = cli(['--lines', '--spans', '--summary', '--format', 'json'], docs.join('\n') + '\n');
  docs.forEach((doc, i) => {
    const toUtf16 = utf16Offsets(doc);
    const lineNo = i + 1;
    const cliSpans = want.filter((r) => r.line === lineNo && 'start' in r);
    const cliSummary = want.find((r) => r.line === lineNo && 'languages' in r);
    const got = spans(doc);
    assert.deepEqual(got.spans.map((s) => [s.start, s.end, s.lang, s.letters]),
      cliSpans.map((s) => [toUtf16(s.start), toUtf16(s.end), s.lang, s.letters]), doc.slice(0, 80));
    got.spans.forEach((s, j) => sameProb(s.prob, cliSpans[j].prob, `span ${j}`));
    assert.deepEqual(got.summary.languages.map((l) => [l.lang, l.letters]),
      cliSummary.languages.map((l) => [l.lang, l.letters]));
    assert.equal(got.summary.mixed, cliSummary.mixed);
    assert.equal(got.summary.letters, cliSummary.letters);
    if (doc.length) {
      assert.equal(got.spans[0].start, 0);
      assert.equal(got.spans.at(-1).end, doc.length);
      got.spans.slice(1).forEach((s, j) => assert.equal(s.start, got.spans[j].end, 'no gap, no overlap'));
    }
  });
}

test('spans are the CLI\'s on mixed documents of corpus lines', () => {
  // Three lines of three languages a prime stride apart, joined by spaces.
  const all = [...dev, ...ood];
  const docs = [];
  for (let i = 0; i < all.length && docs.length < 200; i += 7) {
    docs.push([all[i], all[(i + 101) % all.length], all[(i + 211) % all.length]].map((x) => x.line).join(' '));
  }
  compareSpans(docs);
});

test('UTF-16 offsets with emoji, other astral characters and combining marks', () => {
  const docs = [
    'Rīgas vecpilsēta ir viena no skaistākajām vietām Baltijā 😀🎉. The old town of Riga is one of the most beautiful places 👍🏽 in the Baltics.',
    '𝐁𝐨𝐥𝐝 𝐭𝐞𝐱𝐭 🇱🇻 Šodien ir jauks laiks, tāpēc mēs brauksim uz pludmali. 𠀀𠀁 天气很好，我们去海边吧。',
    // Combining marks (decomposed diacritics): e + U+0301, a + U+0304, s + U+030C.
    'Cafe\u0301 au lait et cre\u0300me bru\u0302le\u0301e pour tout le monde. Ra\u0304ga\u0304s s\u030Codien ir jauks laiks, ta\u0304pe\u0304c me\u0304s brauksim uz pludmali.',
    'Η Αθήνα είναι η πρωτεύουσα της Ελλάδας 🏛️. Москва — столица России 🇷🇺, крупнейший город страны.',
  ];
  compareSpans(docs);
  for (const doc of docs) {
    for (const s of spans(doc).spans) {
      for (const at of [s.start, s.end]) {
        const unit = doc.charCodeAt(at);
        assert.ok(!(unit >= 0xDC00 && unit <= 0xDFFF), `offset ${at} splits a surrogate pair`);
      }
    }
  }
});

test('lone surrogates are read as U+FFFD, and offsets still count UTF-16 units', () => {
  const docs = [
    'Dit is een zin in het Nederlands \uD800 over het weer van vandaag.',
    '\uDC00Šodien ir jauks laiks \uD83D, tāpēc mēs brauksim uz pludmali. The weather is fine today\uDFFF, so we go to the beach.',
    '\uD800\uD800\uDC00\uDC00',
  ];
  for (const doc of docs) {
    const replaced = doc.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
    assert.deepEqual(detect(doc, { k: 3 }), detect(replaced, { k: 3 }));
    // U+FFFD is one UTF-16 unit, like the lone surrogate it stands for.
    assert.deepEqual(spans(doc), spans(replaced));
  }
  // The CLI reads what Buffer writes: U+FFFD for each lone surrogate.
  compareSpans(docs.map((d) => Buffer.from(d).toString()));
});

test('empty input and input without letters', () => {
  const und = [{ lang: 'und', prob: 0, reliable: false }];
  assert.deepEqual(detect(''), und);
  assert.deepEqual(detect('', { k: 5 }), und);
  assert.deepEqual(detect('1234 !!! 😀'), und);
  assert.deepEqual(spans(''), { spans: [], summary: { languages: [], letters: 0, mixed: false } });
  const none = spans('1234 !!! 😀');
  assert.deepEqual(none.spans.map((s) => [s.start, s.end, s.lang]), [[0, 11, 'und']]);
  assert.deepEqual(cli(['--lines', '--format', 'json'], '\n1234 !!! 😀\n').map((r) => r.lang), ['und', 'und']);
});

test('a 10 MB string: the CLI\'s answer and spans, offsets to its end', () => {
  const lv = readFileSync(join(CORPUS, 'dev', 'lav.txt'), 'utf8').split('\n').filter(Boolean);
  const en = readFileSync(join(CORPUS, 'dev', 'eng.txt'), 'utf8').split('\n').filter(Boolean);
  const parts = [];
  let size = 0;
  for (let i = 0; size < 10e6; i++) {
    const para = (i % 3 === 2 ? en : lv).slice((5 * i) % 100, (5 * i) % 100 + 5).join(' ') + ' 😀\n';
    parts.push(para);
    size += para.length;
  }
  const big = parts.join('');
  const dir = mkdtempSync(join(tmpdir(), 'glossa-js-'));
  try {
    const file = join(dir, 'big.txt');
    writeFileSync(file, big);
    const [want] = cli(['--format', 'json', '-k', '2', file]);
    const got = detect(big, { k: 2 });
    assert.deepEqual(got.map((g) => g.lang), want.top.map((g) => g.lang));
    got.forEach((g, j) => sameProb(g.prob, want.top[j].prob, 'big'));
    const r = spans(big);
    const cliSpans = cli(['--spans', '--format', 'json', file]);
    assert.equal(r.spans.length, cliSpans.length);
    assert.ok(r.spans.length > 100, `${r.spans.length} spans`);
    assert.equal(r.spans.at(-1).end, big.length);
    // Offsets by one pass over the UTF-8 bytes (as utf16Offsets, but linear).
    const bytes = Buffer.from(big);
    let b = 0;
    let u = 0;
    const at = (target) => {
      for (; b < target; b++) if ((bytes[b] & 0xC0) !== 0x80) u += bytes[b] >= 0xF0 ? 2 : 1;
      return u;
    };
    r.spans.forEach((s, i) => {
      assert.equal(s.lang, cliSpans[i].lang);
      assert.equal(s.start, at(cliSpans[i].start));
      assert.equal(s.end, at(cliSpans[i].end));
    });
    assert.deepEqual(new Set(r.summary.languages.map((l) => l.lang)), new Set(['lv', 'en']));
    assert.ok(r.summary.mixed);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('options are checked', () => {
  assert.throws(() => detect(42), TypeError);
  assert.throws(() => detect('Labrīt', { only: 'lv' }), TypeError);
  assert.throws(() => detect('Labrīt', { only: ['xx-nothing'] }), RangeError);
  assert.throws(() => detect('Labrīt', { k: 0 }), RangeError);
  assert.throws(() => detect('Labrīt', { prior: 'none' }), RangeError);
  assert.throws(() => detect('Labrīt', { minProb: 2 }), RangeError);
  assert.throws(() => spans(null), TypeError);
});

test('languages() is the CLI\'s --list-languages', async () => {
  await init();
  const r = spawnSync(CLI, ['--list-languages', '--format', 'tsv']);
  const rows = r.stdout.toString().split('\n').filter((l) => l && !l.startsWith('tag\t')).map((l) => l.split('\t'));
  assert.deepEqual(languages().map((l) => [l.tag, l.iso639_3, l.name, l.script]),
    rows.map((row) => [row[0], row[1], row[2], row[3]]));
  assert.equal(languages().length, 495); // 494 languages and zxx, the non-language class
  assert.ok(languages().some((l) => l.tag === 'zxx' && l.name === 'No linguistic content'));
  const [, digest] = spawnSync(CLI, ['--version']).stdout.toString().match(/([0-9a-f]{32})/) || [];
  assert.equal(version().corpus, digest);
});
