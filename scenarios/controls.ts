import { BrokenError } from './verdict';

// Positive controls (README, "What an audit does"; docs/writing-a-target.md, "Controls"): a check that expects a refusal after logout proves something
// only when the same scenario first showed, by the same means, that the thing was accepted while logged in.
// Without it, a target that is refused everything (a wrong API path, a wrong client id, cookies the fresh
// browser does not send as the original did) would pass for the wrong reason. Each name is a check line in
// the report; scenarios/verdict.ts refuses a pass whose control line is missing.

export const controls = {
  personalData: 'control: the protected page shows the personal data while logged in',
  portalJar: "control: the portal's copied cookies open the personal data in a fresh browser before logout",
  idpJar: "control: the identity provider's copied cookies log in silently in a fresh browser before logout",
  storageLogin: "control: the login's copied localStorage entries open the personal data in a fresh browser before logout",
  api: "control: the API call from this tab succeeds while logged in",
  liveChannels: "control: this tab's WebSockets and event streams are open (and receive) while logged in",
  silentLogin: 'control: prompt=none is answered with a code while logged in',
  history: 'control: the back button reaches the protected page again',
  secondDevice: 'control: the second computer shows the personal data before "log out everywhere"',
  previousUserName: "control: the previous user's name is on their own page while logged in",
  nextUserLogin: "control: the next person's own login works on this computer",
  loginLeftData: 'control: the login put its session into the browser',
  revived: 'control: the power cut brought pre-logout cookies or localStorage back',
  rememberRestart: 'control: "remember me" keeps the user logged in across a browser restart without logout',
  rememberJar: "control: the copied remember-me cookies alone log in in a fresh browser before logout",
  tokenReplay: 'control: each credential the pages sent, replayed from outside the browser, is accepted while logged in',
} as const;

export type ControlName = (typeof controls)[keyof typeof controls];

/**
 * A control that did not hold: the scenario cannot decide anything its refusal checks would see, so it is
 * broken (never passed), with what was seen and what the target file probably describes wrong.
 */
export function controlFailed(control: ControlName, seen: string, probably: string): never {
  throw new BrokenError('CONTROL_FAILED', `${control.replace(/^control: /, '')}: not so (${seen}); probably ${probably}`);
}
