// With the DOM library, the loader's types are the `WebAssembly` ones: a compiled module is
// accepted and the memory is a `WebAssembly.Memory` (tests/types/node/ checks them without it).
import { init, initSync, type InitInput, type InitOutput } from 'census-wasm/init';

declare const compiled: WebAssembly.Module;
const loaded: InitOutput = initSync({ module: compiled });
export const memory: WebAssembly.Memory = loaded.memory;
const inputs: InitInput[] = [compiled, '/census_wasm_bg.wasm', new URL('https://example.com/x.wasm'), new Uint8Array(8), new ArrayBuffer(8)];
export const again: Promise<InitOutput> = init({ module_or_path: inputs[0] });
