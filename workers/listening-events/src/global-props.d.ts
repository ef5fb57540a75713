// Types `exports` from `cloudflare:workers` (the worker's own loopback bindings,
// which tests call) from this worker's entry module.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('./index.ts');
  }
}
