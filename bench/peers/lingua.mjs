// lingua (npm @bluzzi/lingua: lingua-rs compiled to WebAssembly), all its
// languages, high-accuracy mode (the default), every model preloaded so that
// loading is not counted as detection. It answers English names ("Dutch");
// bench/labels.tsv maps them.
import { run, require } from './common.mjs';

run({
  load: async () => require('@bluzzi/lingua').LanguageDetectorBuilder.fromAllLanguages()
    .withPreloadedLanguageModels().build(),
  detect: (lingua, text) => lingua.detectLanguageOf(text),
  languages: (lingua) => lingua.computeLanguageConfidenceValues('a').map((c) => c.language),
});
