// tinyld (npm tinyld, its default "normal" build), as a node adapter of
// `make bench-js`. It answers ISO 639-1 codes where there is one, "" for
// unknown.
import { run, require } from '../../bench/peers/common.mjs';

run({
  load: async () => require('tinyld'),
  detect: (tinyld, text) => tinyld.detect(text),
  languages: (tinyld) => tinyld.supportedLanguages,
});
