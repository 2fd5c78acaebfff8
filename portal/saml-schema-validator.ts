/**
 * samlify's schema validator: every SAML message the IdP parses is checked against the SAML schemas first.
 * @authenio/samlify-node-xmllint runs libxml2 compiled to JavaScript in-process (~60 ms a message here, where the
 * WebAssembly build took ~3 s, a worker thread per message). Its emscripten runtime adds a process-wide
 * uncaughtException listener that rethrows, at load and again with every message: it would take over every
 * uncaught error of the process hosting the portal (a test worker), so each is removed as soon as it is added.
 */
import samlify from 'samlify';

let loaded: Promise<void> | undefined;

const WARM_UP = '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_w" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>';

export function useSchemaValidator(): Promise<void> {
  loaded ??= (async () => {
    const validator = await withoutNewCrashListeners(async () => (await import('@authenio/samlify-node-xmllint')) as { validate: (xml: string) => Promise<unknown> });
    const validate = (xml: string) => withoutNewCrashListeners(() => validator.validate(xml));
    samlify.setSchemaValidator({ validate });
    // The first validation compiles the 1 MB of asm.js (seconds on a loaded machine): paid here, at portal start,
    // rather than by the first login, whose page load it could otherwise push past a scenario's timeout.
    await validate(WARM_UP).catch(() => undefined);
  })();
  return loaded;
}

/** Runs `work` and removes the uncaughtException listeners it added (synchronously, as the runtime adds them). */
async function withoutNewCrashListeners<T>(work: () => Promise<T>): Promise<T> {
  const before = new Set(process.listeners('uncaughtException'));
  const drop = () => {
    for (const listener of process.listeners('uncaughtException')) if (!before.has(listener)) process.off('uncaughtException', listener);
  };
  try {
    return await work();
  } finally {
    drop();
  }
}
