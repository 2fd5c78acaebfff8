// What `init` found on a portal, field by field, before it is written as a target file (write-target.ts). Each
// field carries how it was found (the comment above it in the file), or why it was not (a TODO line, and one
// line of the exit-2 message).

export interface Found<T> {
  value: T;
  /** What was found and how, in one sentence: the field's comment in the target file. */
  how: string;
}

export interface Missing {
  /** The target field, as the file names it: "logout.click". */
  field: string;
  /** Why it could not be found, and what to do: "no control with a logout word on /account; pass ...". */
  why: string;
}

export interface SignalValue {
  selector?: string;
  urlPattern?: string;
  text?: string;
}

export interface FoundTarget {
  name: string;
  baseUrl: string;
  /** The variables holding the credentials (never their values). */
  usernameEnv: string;
  passwordEnv: string;
  /** A second user's variables (--user-env and --password-env given twice): users[1], for shared-computer and logout-everywhere. */
  secondUser?: { usernameEnv: string; passwordEnv: string };
  /** The idle timeout the logged-in page states, in seconds. */
  idleTimeout?: Found<number>;
  protectedPath?: Found<string>;
  loggedIn?: Found<SignalValue>;
  loginRequired?: Found<SignalValue>;
  login: {
    username?: Found<string>;
    password?: Found<string>;
    submit?: Found<string>;
    remember?: Found<string>;
    open?: Found<string>;
    error?: Found<SignalValue>;
  };
  userMenu?: Found<{ open: string; panel: string }>;
  logout: { click?: Found<string>; done?: Found<SignalValue>; everywhere?: Found<string> };
  idp?: Found<{ issuer: string; clientId?: string; redirectUri?: string }>;
  /** Where the login lives: cookie names and Web Storage keys (names only), for comments. */
  traces?: string;
  /** What the check after logout saw. */
  logoutCheck?: string;
  missing: Missing[];
  /** Things the file cannot hold but the reader should know (a logout that did not end the session). */
  notes: string[];
}
