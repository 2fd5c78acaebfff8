/**
 * oidc-provider prints "oidc-provider NOTICE/WARNING: …" lines straight to the console: once when the
 * module is evaluated on Node 20 (it wants 22 LTS), and whenever a Provider is built with the built-in
 * memory adapter (the IdP now brings its own, idp-store.ts, but a notice may still come). They are expected
 * in a throwaway test IdP, so they go to the portal's log instead of cluttering test output. Every other
 * console line passes through untouched.
 */

type Log = (line: string) => void;
type ConsoleMethod = 'info' | 'warn';

const METHODS: readonly ConsoleMethod[] = ['info', 'warn'];

function divert<T>(log: Log, run: () => T): { result: T; restore: () => void } {
  const originals = METHODS.map((m) => [m, console[m]] as const);
  for (const [method, original] of originals) {
    console[method] = (...args: unknown[]) => {
      const line = args.map(String).join(' ');
      if (line.includes('oidc-provider ')) log(line);
      else original.apply(console, args);
    };
  }
  const restore = () => {
    for (const [method, original] of originals) console[method] = original;
  };
  try {
    return { result: run(), restore };
  } catch (err) {
    restore();
    throw err;
  }
}

/** Runs synchronous code (e.g. `new Provider(...)`) with oidc-provider's console lines sent to `log`. */
export function quietly<T>(log: Log, run: () => T): T {
  const { result, restore } = divert(log, run);
  restore();
  return result;
}

type ProviderModule = typeof import('oidc-provider');
let providerModule: Promise<ProviderModule> | undefined;

/**
 * Imports oidc-provider once per process. One shared promise, so parallel portals never swap the console
 * methods concurrently (which could leave a diverted method behind).
 */
export function importProvider(log: Log): Promise<ProviderModule> {
  providerModule ??= (async () => {
    const { result, restore } = divert(log, () => import('oidc-provider'));
    try {
      return await result;
    } finally {
      restore();
    }
  })();
  return providerModule;
}
