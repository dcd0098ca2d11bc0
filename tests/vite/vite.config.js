// census-wasm loads its wasm with a top-level await, which Vite's default worker format (iife)
// cannot hold; module workers ('es') can, in every browser Vite's default build targets.
export default {
  worker: { format: 'es' },
};
