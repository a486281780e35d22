// franc (npm franc-all: all its languages). minLength 1 so that short inputs
// get an answer; "und" is franc's unknown. It answers ISO 639-3 codes.
import { run } from './common.mjs';

const dir = process.cwd() + '/node_modules/franc-all/';

run({
  load: async () => import(dir + 'index.js'),
  detect: (franc, text) => {
    const code = franc.franc(text, { minLength: 1 });
    return code === 'und' ? '' : code;
  },
  // Languages told by their trigrams, and those told by their script alone.
  languages: async () => {
    const { data } = await import(dir + 'data.js');
    const { expressions } = await import(dir + 'expressions.js');
    return [...Object.values(data).flatMap((langs) => Object.keys(langs)),
      ...Object.keys(expressions).filter((name) => !(name in data))];
  },
});
