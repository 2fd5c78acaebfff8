import type { Found, FoundTarget, SignalValue } from './found-target';

// The target file `init` writes: the documented format (docs/writing-a-target.md), one comment per field saying
// what was found and how, a TODO line for each field it could not find. A missing field is written empty, so
// the file still type-checks and loading it names that field (targets/target.ts says what it wants there).

const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function signal(s: SignalValue): string {
  const parts = [s.selector !== undefined ? `selector: ${q(s.selector)}` : '', s.urlPattern !== undefined ? `urlPattern: ${q(s.urlPattern)}` : '', s.text !== undefined ? `text: ${q(s.text)}` : ''];
  return `{ ${parts.filter(Boolean).join(', ')} }`;
}

function comment(text: string, indent: string): string {
  return `${indent}// ${text.replace(/\s*\n\s*/g, ' ')}`;
}

/** The field's comment and line, or its TODO line and an empty value that loading will name. */
function field<T>(found: Found<T> | undefined, todo: string | undefined, indent: string, line: (v: T) => string, empty: string): string[] {
  if (found) return [comment(found.how, indent), `${indent}${line(found.value)}`];
  return [comment(`TODO ${todo ?? 'not found'}`, indent), `${indent}${empty}`];
}

export function renderTarget(found: FoundTarget, command: string): string {
  const why = (name: string): string | undefined => {
    const m = found.missing.find((x) => x.field === name);
    return m ? `${m.field}: ${m.why}` : undefined;
  };
  const i1 = '  ';
  const i2 = '    ';
  const login = found.login;
  const loginLines = [
    ...(login.open ? field(login.open, undefined, i2, (v) => `open: ${q(v)},`, '') : []),
    ...field(login.username, why('login.username'), i2, (v) => `username: ${q(v)},`, "username: '',"),
    ...field(login.password, why('login.password'), i2, (v) => `password: ${q(v)},`, "password: '',"),
    ...field(login.submit, why('login.submit'), i2, (v) => `submit: ${q(v)},`, "submit: '',"),
    ...(login.remember ? field(login.remember, undefined, i2, (v) => `remember: ${q(v)},`, '') : [comment('no "remember me" box found on the login form (logout-remember-me is then skipped)', i2)]),
    comment("TODO error: what a refused login shows, e.g. error: { selector: '.login-error' } (init logs in once, with the right password)", i2),
  ];
  const logout = found.logout;
  const logoutLines = [
    ...field(logout.click, why('logout.click'), i2, (v) => `click: ${q(v)},`, "click: '',"),
    ...field(logout.done, why('logout.done'), i2, (v) => `done: ${signal(v)},`, "done: { selector: '' },"),
    ...(logout.everywhere
      ? [
          comment(`${logout.everywhere.how}: a "log out everywhere" control; TODO: uncomment once you know whether it logs this computer out too (else { click, keepsThisSession: true, done })`, i2),
          `${i2}// everywhere: ${q(logout.everywhere.value)},`,
        ]
      : []),
  ];
  const lines = [
    "import { defineTarget } from 'logout-audit';",
    '',
    `// Written by \`${command}\` on ${new Date().toISOString().slice(0, 10)}: each field's comment says what was found and how;`,
    '// TODO lines name what init could not find. Prove the file with one live round: logout-audit check --target <this file>.',
    `// Credentials come from ${found.usernameEnv} / ${found.passwordEnv} (never written here).`,
    ...(found.traces ? [comment(`Where the login lives: ${found.traces}.`, '')] : []),
    ...(found.logoutCheck ? [comment(`Checked: ${found.logoutCheck}.`, '')] : []),
    ...found.notes.filter((n) => n !== found.logoutCheck && !n.startsWith('startPath:')).map((n) => comment(`Note: ${n}`, '')),
    'export default defineTarget({',
    `${i1}name: ${q(found.name)},`,
    `${i1}baseUrl: ${q(found.baseUrl)},`,
    ...found.notes.filter((n) => n.startsWith('startPath:')).flatMap((n) => [comment('the page init was given', i1), `${i1}startPath: ${q(n.slice('startPath: '.length))},`]),
    ...field(found.protectedPath, why('protectedPaths'), i1, (v) => `protectedPaths: [${q(v)}],`, "protectedPaths: [''],"),
    ...field(found.loggedIn, why('loggedIn'), i1, (v) => `loggedIn: ${signal(v)},`, "loggedIn: { selector: '' },"),
    ...field(found.loginRequired, why('loginRequired'), i1, (v) => `loginRequired: ${signal(v)},`, "loginRequired: { selector: '' },"),
    `${i1}login: {`,
    ...loginLines,
    `${i1}},`,
    ...(found.userMenu ? field(found.userMenu, undefined, i1, (v) => `userMenu: { open: ${q(v.open)}, panel: ${q(v.panel)} },`, '') : []),
    `${i1}logout: {`,
    ...logoutLines,
    `${i1}},`,
    ...(found.idp
      ? field(
          found.idp,
          undefined,
          i1,
          (v) => `idp: { issuer: ${q(v.issuer)}${v.clientId ? `, clientId: ${q(v.clientId)}` : ''}${v.redirectUri ? `, redirectUri: ${q(v.redirectUri)}` : ''} },`,
          '',
        )
      : why('idp')
        ? [comment(`TODO ${why('idp')}`, i1)]
        : []),
    comment("TODO api: a call the portal's pages make to its API, e.g. api: { path: '/api/me' } (logout-other-tab is skipped without it)", i1),
    ...(found.secondUser
      ? [
          comment('the second user given with --user-env/--password-env (shared-computer and logout-everywhere use it)', i1),
          `${i1}users: [`,
          `${i2}{ id: 'user-1', usernameEnv: ${q(found.usernameEnv)}, passwordEnv: ${q(found.passwordEnv)} },`,
          `${i2}{ id: 'user-2', usernameEnv: ${q(found.secondUser.usernameEnv)}, passwordEnv: ${q(found.secondUser.passwordEnv)} },`,
          `${i1}],`,
        ]
      : [
          comment('TODO a second user (users[1]) for shared-computer and logout-everywhere: give --user-env and --password-env twice', i1),
          `${i1}users: [{ id: 'user-1', usernameEnv: ${q(found.usernameEnv)}, passwordEnv: ${q(found.passwordEnv)} }],`,
        ]),
    ...(found.idleTimeout
      ? [comment(found.idleTimeout.how, i1), `${i1}policy: { closeWithoutLogout: 'require-login', idleTimeoutSeconds: ${found.idleTimeout.value} },`]
      : [
          comment('TODO idleTimeoutSeconds: the idle timeout the portal states, e.g. 900 (no page init saw states one; idle-timeout is skipped without it)', i1),
          `${i1}policy: { closeWithoutLogout: 'require-login' },`,
        ]),
    '});',
    '',
  ];
  return lines.join('\n');
}
