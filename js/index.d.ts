// TypeScript declarations of the glossa package (node.js and browser.js
// export the same functions).

/** Options of every call. */
export interface CommonOptions {
  /** Answer only among these languages: tags as `glossa --only` takes them ("nl", "nld", "Dutch", "de-DE", "zh-TW"; "sr" is both scripts). */
  only?: Iterable<string>;
  /** 'population' (default): on short input, prefer the languages more people write; 'flat': every language alike. */
  prior?: 'population' | 'flat';
}

export interface DetectOptions extends CommonOptions {
  /** How many languages to give, best first (default 1). */
  k?: number;
  /** Guesses below this probability (0 .. 1) are left out; when even the best is, the answer is "und" (default 0), as `glossa --min-prob`. */
  minProb?: number;
}

export interface Guess {
  /** BCP 47 tag ("nl", "sr-Cyrl"), or "und" when nothing can be said. */
  lang: string;
  /** Calibrated probability (0 for "und"). */
  prob: number;
  /** The best guess has probability >= 0.7 (always false after the first). */
  reliable: boolean;
}

export interface Span {
  /** UTF-16 offsets [start, end): text.slice(start, end) is the span. */
  start: number;
  end: number;
  lang: string;
  prob: number;
  /** Letters in the span. */
  letters: number;
}

export interface Share {
  lang: string;
  /** Of the document's letters, 0 .. 1. */
  share: number;
  letters: number;
}

export interface Summary {
  /** The document's languages, largest share first (at most 8). */
  languages: Share[];
  letters: number;
  /** A second language holds at least 5 % of the letters. */
  mixed: boolean;
}

export interface Language {
  tag: string;
  /** ISO 639-3 and ISO 15924: "nld_Latn". */
  iso: string;
  iso639_3: string;
  /** English name: "Dutch". */
  name: string;
  /** ISO 15924: "Latn". */
  script: string;
}

/** Loads the WebAssembly module: needed once in a browser (fetches glossa.wasm beside the module, or `source`); resolves at once in Node. */
export function init(source?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;
/** The language of text: at least one guess, best first, at most k. */
export function detect(text: string, options?: DetectOptions): Guess[];
/** The spans of one language of a mixed text (covering it, in order) and its summary; an empty text has no span. */
export function spans(text: string, options?: CommonOptions): { spans: Span[]; summary: Summary };
/** The model's languages. */
export function languages(): readonly Language[];
/** The library's version and the digest of the corpus the model was trained on. */
export function version(): { library: string; corpus: string };
