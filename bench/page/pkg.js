// Imports the built package from the page's own origin (`/pkg/index.js`), initialised once.
// The URL is computed so that esbuild leaves the import alone and blob-loaded modules resolve it.
let loaded;

/** `{ pkg, wasm }`: the package's exports and the InitOutput that `await init()` returned. */
export function loadPackage() {
  loaded ??= (async () => {
    const pkg = await import(new URL('/pkg/index.js', location.href).href);
    const wasm = await pkg.default();
    return { pkg, wasm };
  })();
  return loaded;
}
