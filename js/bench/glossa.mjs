// glossa compiled to WebAssembly (this package, js/node.js), as a node
// adapter of `make bench-js`: answers ISO 639-3 codes, "" for und. Loading
// the module (compiling and instantiating glossa.wasm) is timed as the load.
import { run } from '../../bench/peers/common.mjs';

run({
  load: async () => {
    const glossa = await import('../node.js');
    const iso = new Map(glossa.languages().map((l) => [l.tag, l.iso639_3]));
    return { detect: glossa.detect, iso, languages: glossa.languages };
  },
  detect: (g, text) => g.iso.get(g.detect(text)[0].lang) || '',
  languages: (g) => g.languages().map((l) => l.iso639_3),
});
