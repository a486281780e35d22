// The npm package as a user gets it: `npm pack` in js/, the tarball installed
// offline into an empty folder, and there the README's JavaScript example
// and a first call, checked against the CLI (GLOSSA_CLI).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(process.env.GLOSSA_CLI || 'build/glossa');
const JS = resolve('js');
let dir;
let tarball;

const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'],
  { cwd, encoding: 'utf8' });
const run = (file) => execFileSync(process.execPath, [file], { cwd: join(dir, 'app'), encoding: 'utf8' });
const cliAnswer = (text) => spawnSync(CLI, [], { input: text }).stdout.toString().trim().split(' ')[0];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'glossa-pack-'));
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], JS));
  tarball = packed;
  execFileSync('mkdir', [join(dir, 'app')]);
  writeFileSync(join(dir, 'app', 'package.json'), '{ "private": true, "type": "module" }\n');
  npm(['install', '--offline', join(dir, packed.filename)], join(dir, 'app'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the tarball holds the module, its declarations and the .wasm, not the C glue', () => {
  const files = tarball.files.map((f) => f.path).sort();
  for (const f of ['package.json', 'node.js', 'browser.js', 'core.js', 'index.d.ts', 'glossa.wasm']) {
    assert.ok(files.includes(f), `${f} in ${files}`);
  }
  assert.ok(!files.includes('glossa_wasm.c'));
  const wasm = tarball.files.find((f) => f.path === 'glossa.wasm');
  assert.equal(wasm.size, readFileSync(join(JS, 'glossa.wasm')).length);
});

test('installed offline, it answers as the CLI does', () => {
  const sentences = ['Dit is een Nederlandse zin.', 'Šodien ir jauks laiks, tāpēc mēs brauksim uz pludmali.',
    'Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.'];
  writeFileSync(join(dir, 'app', 'first.mjs'), "import { detect } from 'glossa';\n" +
    `for (const s of ${JSON.stringify(sentences)}) console.log(detect(s)[0].lang);\n`);
  assert.deepEqual(run('first.mjs').trim().split('\n'), sentences.map(cliAnswer));
  assert.equal(cliAnswer(sentences[0]), 'nl');
});

// The first ```js block of a text and the ```text block after it: the
// example prints what is shown, and its first line names the CLI's language.
function checkExample(markdown, name) {
  const code = markdown.match(/```js\n([\s\S]*?)```/)[1];
  const shown = markdown.match(/```js\n[\s\S]*?```[\s\S]*?```text\n([\s\S]*?)```/)[1];
  writeFileSync(join(dir, 'app', name), code);
  const out = run(name);
  assert.equal(out, shown);
  assert.equal(out.split('\n')[0].split(' ')[0], cliAnswer('Dit is een Nederlandse zin.'));
}

test("README's JavaScript example prints what README shows", () => {
  const readme = readFileSync('README.md', 'utf8');
  checkExample(readme.slice(readme.indexOf('\n## JavaScript')), 'example.mjs');
});

test("the package's own README (as installed) prints what it shows", () => {
  checkExample(readFileSync(join(dir, 'app', 'node_modules', 'glossa', 'README.md'), 'utf8'), 'example2.mjs');
});

// index.d.ts as TypeScript sees the installed package: typed use compiles
// under --strict, and misuse does not (the declarations are in effect).
test('TypeScript: the declarations type a user\'s code', () => {
  const tsc = resolve(process.env.GLOSSA_TSC || 'build/js-tools/node_modules/typescript/bin/tsc');
  const app = join(dir, 'app');
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true,
    module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [] } }));
  writeFileSync(join(app, 'good.ts'), `import { init, detect, spans, languages, version, type Guess } from 'glossa';
await init();
const top: Guess[] = detect('Dit is een Nederlandse zin.', { k: 3, only: ['nl', 'af'], prior: 'flat', minProb: 0.5 });
const lang: string = top[0].lang, prob: number = top[0].prob, reliable: boolean = top[0].reliable;
const { spans: list, summary } = spans('Labrīt. Good morning.', { prior: 'population' });
const offsets: number[] = list.map((s) => s.end - s.start);
const mixed: boolean = summary.mixed;
const names: string[] = languages().map((l) => l.name + l.iso639_3 + l.script);
const library: string = version().library;
console.log(lang, prob, reliable, offsets, mixed, names.length, library);
`);
  const ok = spawnSync(process.execPath, [tsc, '-p', app, '--pretty', 'false'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  writeFileSync(join(app, 'bad.ts'), "import { detect } from 'glossa';\n" +
    "detect(42);\ndetect('x', { prior: 'none' });\nconst n: number = detect('x')[0].lang;\n");
  const bad = spawnSync(process.execPath, [tsc, '-p', app, '--pretty', 'false'], { encoding: 'utf8' });
  assert.equal((bad.stdout.match(/bad\.ts\(\d+,\d+\): error/g) || []).length, 3, bad.stdout);
});
