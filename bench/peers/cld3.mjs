// CLD3 (npm cld3-asm: CLD3 compiled to WebAssembly). minBytes 0 so that
// short inputs get an answer; "und" is CLD3's unknown.
import { run, require } from './common.mjs';

run({
  load: async () => (await require('cld3-asm').loadModule()).create(0, 1000),
  detect: (cld, text) => {
    const r = cld.findLanguage(text);
    return r.language === 'und' ? '' : r.language;
  },
  languages: () => Object.values(require('cld3-asm/dist/cjs/languageCode.js').LanguageCode)
    .filter((code) => code !== 'und'),
});
