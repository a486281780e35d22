// The package in Node: the WebAssembly module is read and instantiated
// synchronously on import, from the glossa.wasm file beside this one.
import { readFileSync } from 'node:fs';
import { attach } from './core.js';

attach(new WebAssembly.Instance(new WebAssembly.Module(readFileSync(new URL('./glossa.wasm', import.meta.url)))));

export { detect, spans, languages, version } from './core.js';

// Already loaded: init() is there so that the same code runs in browsers.
export async function init() {}
