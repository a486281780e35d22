// Shared by the node adapters of `make bench`. Each adapter gives load()
// (returns a detector; timed as the model load), detect(detector, line)
// (returns a label, "" for unknown) and languages(detector) (the labels it
// can answer). With --languages the adapter prints those, one a line.
// Otherwise it reads all of standard input, answers one label per line, in
// order, and reports "BENCH load_ms=... detect_s=..." on standard error: the
// load, and the detection calls alone (reading and writing excluded).
import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

// Each peer's packages are in its npm project, bench/.peers/npm/<peer>, which
// `make bench` makes the working directory.
export const require = createRequire(process.cwd() + '/');

export async function run({ load, detect, languages }) {
  if (process.argv.includes('--languages')) {
    const detector = await load();
    writeSync(1, [...new Set(await languages(detector))].join('\n') + '\n');
    return;
  }
  const input = readFileSync(0, 'utf8');
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const t0 = process.hrtime.bigint();
  const detector = await load();
  const t1 = process.hrtime.bigint();
  const answers = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) answers[i] = detect(detector, lines[i]) || '';
  const t2 = process.hrtime.bigint();
  writeSync(1, answers.length ? answers.join('\n') + '\n' : '');
  const bytes = Buffer.byteLength(input, 'utf8');
  process.stderr.write(`BENCH load_ms=${Number(t1 - t0) / 1e6} detect_s=${Number(t2 - t1) / 1e9} ` +
    `lines=${lines.length} bytes=${bytes}\n`);
}
