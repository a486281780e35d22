// eld (npm eld, Efficient Language Detector) with its largest n-gram
// database ("large"). It answers ISO 639-1 codes.
import { run } from './common.mjs';

run({
  load: async () => {
    const { default: eld } = await import(process.cwd() + '/node_modules/eld/src/entries/dynamic.js');
    await eld.load('large');
    return eld;
  },
  detect: (eld, text) => eld.detect(text).language,
  languages: (eld) => Object.values(eld.info().Languages),
});
