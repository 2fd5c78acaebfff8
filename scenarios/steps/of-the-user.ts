// What in the browser after logout is the user's: residue is what the login put there *and* holds something of
// the user. A Web Storage entry a page writes once logged in may be the token (Node-RED's "auth-tokens"), the
// user's records, or only how the page looked ("last-sidebar-tab": "info"); the last holds nothing of the user
// and is no finding. An entry holds something of the user when it holds a credential the pages sent, the
// user's name, a line of what the logged-in page showed (cached records), a token-like value, or sits under a key
// that names the login. A session cookie is the user's while it holds a value it held while logged in (any of
// them: a sliding cookie has many); a new value issued after logout is a fresh, anonymous session.

/** What the run knows of the user once logged in, to recognise it in what the browser still holds. */
export interface UserMarks {
  /** `name=value` of every cookie value held from the login form until the stock-taking while logged in. */
  heldCookies: Set<string>;
  /** Credentials the pages sent while logged in (bearer tokens) and session cookie values. */
  credentials: string[];
  /** The user's username, id and display name, as the portal may store them. */
  identity: string[];
  /** Lines of the protected page's text while logged in, long enough to be the user's data (a record, a name). */
  shownData: string[];
}

/** A line of the logged-in page shorter than this is a label or a button ("Log out"), not the user's data. */
const DATA_LINE_MIN = 12;

/** The lines of a logged-in page's visible text that may be the user's data, as a page may cache them. */
export function dataLinesOf(pageText: string): string[] {
  const lines = pageText.split('\n').map((l) => l.trim()).filter((l) => l.length >= DATA_LINE_MIN);
  return [...new Set(lines)].slice(0, 200);
}

/** Keys that name a login or its owner: what an entry under such a key holds is the user's. */
const LOGIN_KEY = /token|auth|session|jwt|credential|secret|passw|bearer|user|account|profile|login/i;

/** A run of token-like characters with letters and digits both: a JWT, a hex or base64 session id. */
const TOKEN_LIKE = /[A-Za-z0-9_\-+/=.]{20,}/g;

function looksLikeToken(value: string): boolean {
  return (value.match(TOKEN_LIKE) ?? []).some((run) => /[A-Za-z]/.test(run) && /\d/.test(run));
}

/** Why a Web Storage entry holds something of the user, or undefined when it holds nothing of them. */
export function userPartOf(key: string, value: string, marks: UserMarks): string | undefined {
  if (marks.credentials.some((c) => c.length >= 8 && value.includes(c))) return 'a credential the pages sent';
  const lower = value.toLowerCase();
  if (marks.identity.some((n) => n.length >= 3 && lower.includes(n.toLowerCase()))) return "the user's name";
  if (marks.shownData.some((line) => value.includes(line) || value.includes(JSON.stringify(line).slice(1, -1)))) return 'what the logged-in page showed';
  if (LOGIN_KEY.test(key)) return 'a key that names the login';
  if (looksLikeToken(value)) return 'a token-like value';
  return undefined;
}

/** Whether a session cookie's value now is one it held while logged in. */
export const heldWhileLoggedIn = (marks: UserMarks, name: string, value: string): boolean => marks.heldCookies.has(`${name}=${value}`);
