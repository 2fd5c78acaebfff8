// The cookie helpers live in the evidence layer (redaction needs them and must not import drivers/);
// re-exported here for the code that knows them from the drivers.
export { cookieBelongsTo, setCookiePair } from '../evidence/cookie-parts';
