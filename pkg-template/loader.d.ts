// ---- loading the wasm (pkg-template/loader.d.ts) ------------------------------------------------

// Written without the DOM library's names (`RequestInfo`, `BufferSource`, the `WebAssembly`
// namespace), so a Node project compiled with `lib: ["ES2022"]` and @types/node reads them:
// `WasmModule` and `WasmMemory` are the `WebAssembly` types where the project declares them.

/** A compiled `WebAssembly.Module`, where the project's types declare `WebAssembly`. */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } }
  ? M
  : never;

/** A `WebAssembly.Memory`; where the project's types lack `WebAssembly`, what this package reads of it. */
export type WasmMemory = typeof globalThis extends { WebAssembly: { Memory: { prototype: infer M } } }
  ? M
  : { readonly buffer: ArrayBuffer };

/**
 * Where `init()` can load the wasm from: a URL or `Request` to fetch, a `Response`, the bytes,
 * or a compiled `WebAssembly.Module`.
 */
export type InitInput = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WasmModule;

/** What `initSync()` can instantiate: the bytes of `census_wasm_bg.wasm` or its compiled module. */
export type SyncInitInput = ArrayBuffer | ArrayBufferView | WasmModule;

/**
 * What `init()` and `initSync()` resolve to: the instantiated wasm module. Only `memory` is meant
 * for use outside the package (its `buffer.byteLength` is how much memory the wasm holds).
 */
export interface InitOutput {
  /** The wasm module's linear memory. */
  readonly memory: WasmMemory;
}

/**
 * Loads and instantiates the wasm, once; later calls resolve to the same module.
 *
 * Only `census-wasm/init` needs it. `census-wasm` itself loads the wasm when it is imported (a
 * top-level await in browsers, bundlers and workers; a synchronous read of the file in Node), so
 * there `init()` resolves at once. Use `census-wasm/init` where a module may not await at the top
 * level (a service worker, an old bundler target), or to load the `.wasm` from another URL. Until
 * it has resolved, `new CensusClient()` throws a `CensusError` that says to call it.
 *
 * @param options `module_or_path`: where to load the wasm from. By default, `census_wasm_bg.wasm`
 *   beside the package's JavaScript, fetched (`connect-src` must allow it, and `script-src` needs
 *   `'wasm-unsafe-eval'` under a Content-Security-Policy).
 * @example
 * ```ts
 * import { init, CensusClient } from 'census-wasm/init'; // or: import init, { CensusClient } …
 *
 * await init({ module_or_path: new URL('/static/census_wasm_bg.wasm', location.href) });
 * const census = new CensusClient({ baseUrl: '/census/api/v1' });
 * ```
 */
export function init(options?: { module_or_path?: InitInput | Promise<InitInput> | undefined }): Promise<InitOutput>;
export default init;

/**
 * Instantiates the wasm from bytes or a compiled module you already hold, synchronously; once it
 * is loaded, further calls return the same module. As with `init()`, only `census-wasm/init`
 * needs it.
 *
 * @example
 * ```ts
 * import { initSync, CensusClient } from 'census-wasm/init';
 *
 * initSync({ module: await (await fetch('/static/census_wasm_bg.wasm')).arrayBuffer() });
 * const census = new CensusClient({ apiToken });
 * ```
 */
export function initSync(options: { module: SyncInitInput }): InitOutput;
