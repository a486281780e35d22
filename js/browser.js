// The package in a browser (or any host without node:fs): `await init()`
// fetches glossa.wasm (beside this file, or from the source given) and
// instantiates it; the calls work from then on.
import { attach, loaded } from './core.js';

export { detect, spans, languages, version } from './core.js';

let pending = null;

async function instantiate(source) {
  if (source instanceof WebAssembly.Module) return WebAssembly.instantiate(source);
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    return (await WebAssembly.instantiate(source)).instance;
  }
  const response = source instanceof Response ? source : await fetch(source);
  if (!response.ok) throw new Error(`glossa: ${response.url}: HTTP ${response.status}`);
  // instantiateStreaming needs the server to say application/wasm; the
  // bytes do as well from any server.
  if (response.headers.get('content-type') === 'application/wasm') {
    return (await WebAssembly.instantiateStreaming(response)).instance;
  }
  return (await WebAssembly.instantiate(await response.arrayBuffer())).instance;
}

export function init(source = new URL('./glossa.wasm', import.meta.url)) {
  if (loaded()) return Promise.resolve();
  pending ??= instantiate(source).then(attach, (error) => {
    pending = null;
    throw error;
  });
  return pending;
}
