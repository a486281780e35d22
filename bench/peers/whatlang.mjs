// whatlang (npm @notevenaneko/whatlang-node: whatlang-rs as a native N-API
// addon). It answers ISO 639-3 codes.
import { run, require } from './common.mjs';

run({
  load: async () => new (require('@notevenaneko/whatlang-node').Detector)(),
  detect: (detector, text) => detector.detectLang(text)?.code,
  languages: () => require('@notevenaneko/whatlang-node').Lang.all().map((lang) => lang.code),
});
