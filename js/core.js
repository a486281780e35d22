// The package's API over the WebAssembly instance: strings in, plain objects
// out. node.js and browser.js load the instance and hand it to attach().
let wasm = null;
let tags = null;
let languageList = null;
let input = { ptr: 0, size: 0, view: null };
// The detector's prior and threshold, set only when they change.
let flat = false;
let minProbability = 0;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function attach(instance) {
  const exports = instance.exports;
  exports._initialize();
  const rc = exports.gw_init();
  wasm = exports;
  if (rc !== 0) {
    wasm = null;
    throw new Error('glossa: the embedded model did not load: ' + cString(exports, exports.gw_strerror(rc)));
  }
}

export function loaded() {
  return wasm !== null;
}

function api() {
  if (!wasm) throw new Error('glossa: not loaded yet; call `await init()` first');
  return wasm;
}

function cString(w, ptr) {
  if (!ptr) return null;
  const bytes = new Uint8Array(w.memory.buffer);
  let end = ptr;
  while (bytes[end]) end++;
  return decoder.decode(bytes.subarray(ptr, end));
}

function tagOf(index) {
  if (!tags) {
    const w = api();
    tags = new Map([[-1, cString(w, w.gw_language_field(-1, 0))]]);
    for (let i = 0; i < w.gw_language_count(); i++) tags.set(i, cString(w, w.gw_language_field(i, 0)));
  }
  return tags.get(index);
}

// The text as UTF-8 in the instance's memory (a lone surrogate becomes
// U+FFFD, as TextEncoder writes it): [pointer, bytes].
function put(w, text) {
  if (typeof text !== 'string') throw new TypeError('glossa: text must be a string');
  const need = text.length * 3 + 1; // a UTF-16 unit takes at most 3 bytes of UTF-8
  if (need > input.size) {
    if (input.ptr) w.gw_free(input.ptr);
    const size = Math.max(need, 4096);
    const ptr = w.gw_alloc(size);
    if (!ptr) throw new RangeError('glossa: out of memory for a text of ' + text.length + ' characters');
    input = { ptr, size, view: null };
  }
  // A view per call would cost as much as a short detection: kept until the
  // memory grows (which replaces memory.buffer).
  if (input.view?.buffer !== w.memory.buffer) input.view = new Uint8Array(w.memory.buffer, input.ptr, input.size);
  const { written } = encoder.encodeInto(text, input.view);
  return [input.ptr, written];
}

// Applies the options every call takes: `only` (tags, as the CLI's --only
// takes them) and `prior` ('population', the default, or 'flat'). Returns
// whether the allowlist is in use.
function configure(w, options) {
  const { only, prior = 'population' } = options;
  if (prior !== 'population' && prior !== 'flat') {
    throw new RangeError(`glossa: prior must be 'population' or 'flat', not ${JSON.stringify(prior)}`);
  }
  if ((prior === 'flat') !== flat) {
    flat = prior === 'flat';
    w.gw_set_prior(flat ? 1 : 0);
  }
  if (only === undefined || only === null) return 0;
  if (typeof only === 'string' || typeof only[Symbol.iterator] !== 'function') {
    throw new TypeError("glossa: only must be an array of tags, such as ['nl']");
  }
  // One list, parsed by the library as --only is.
  const [ptr] = put(w, Array.from(only, String).join(',') + '\0');
  if (w.gw_only_set(ptr) !== 0) throw new RangeError('glossa: only: ' + cString(w, w.gw_only_error()));
  return 1;
}

function check(w, rc) {
  if (rc < 0) throw new Error('glossa: ' + cString(w, w.gw_strerror(rc)));
  return rc;
}

export function detect(text, options = {}) {
  const w = api();
  const { k = 1, minProb = 0 } = options;
  if (!Number.isInteger(k) || k < 1) throw new RangeError('glossa: k must be an integer >= 1');
  if (!(typeof minProb === 'number' && minProb >= 0 && minProb <= 1)) {
    throw new RangeError('glossa: minProb must be a probability from 0 to 1');
  }
  if (minProb !== minProbability) {
    check(w, w.gw_set_min_probability(minProb));
    minProbability = minProb;
  }
  const useOnly = configure(w, options);
  const [ptr, len] = put(w, text);
  const count = check(w, w.gw_detect(ptr, len, useOnly, k));
  const guesses = [];
  for (let i = 0; i < count; i++) {
    guesses.push({
      lang: tagOf(w.gw_guess_language(i)),
      prob: w.gw_guess_probability(i),
      reliable: i === 0 && w.gw_reliable() === 1,
    });
  }
  return guesses;
}

export function spans(text, options = {}) {
  const w = api();
  const useOnly = configure(w, options);
  const [ptr, len] = put(w, text);
  const count = check(w, w.gw_spans(ptr, len, useOnly));
  const base = w.gw_spans_data() / 4;
  const u32 = new Uint32Array(w.memory.buffer);
  const i32 = new Int32Array(w.memory.buffer);
  const f32 = new Float32Array(w.memory.buffer);
  const list = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = base + 5 * i; // start, end, language, probability, letters
    list[i] = { start: u32[at], end: u32[at + 1], lang: tagOf(i32[at + 2]), prob: f32[at + 3], letters: u32[at + 4] };
  }
  const languages = [];
  for (let i = 0; i < w.gw_summary_count(); i++) {
    languages.push({ lang: tagOf(w.gw_summary_language(i)), share: w.gw_summary_share(i),
      letters: w.gw_summary_letters(i) });
  }
  return {
    spans: list,
    summary: { languages, letters: w.gw_summary_total_letters(), mixed: w.gw_summary_mixed() === 1 },
  };
}

export function languages() {
  if (!languageList) {
    const w = api();
    const field = (i, f) => cString(w, w.gw_language_field(i, f));
    languageList = [];
    for (let i = 0; i < w.gw_language_count(); i++) {
      languageList.push(Object.freeze({ tag: field(i, 0), iso: field(i, 1), iso639_3: field(i, 2),
        name: field(i, 3), script: field(i, 4) }));
    }
    Object.freeze(languageList);
  }
  return languageList;
}

export function version() {
  const w = api();
  return { library: cString(w, w.gw_version()), corpus: cString(w, w.gw_corpus()) };
}
