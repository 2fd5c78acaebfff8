import { defineTarget } from '../define-target';

// DokuWiki (Debian 12's package, served under /dokuwiki/ as its apache.conf does), with ACL on and a page only
// its reader may open. Written as a user of logout-audit would, from the pages alone (docs/writing-a-target.md).
// The "Remember me" box is declared: logout-remember-me ticks it, every other scenario leaves it unticked.
// Credentials: DOKUWIKI_USER_1 / DOKUWIKI_PASSWORD_1.
export default defineTarget({
  name: 'dokuwiki',
  baseUrl: process.env.DOKUWIKI_URL ?? 'http://127.0.0.1:8080',
  startPath: '/dokuwiki/doku.php',
  protectedPaths: ['/dokuwiki/doku.php?id=private:anna'],
  // The page's first heading: DokuWiki makes its id from the heading's text, and only its reader sees it.
  loggedIn: { selector: 'h1#anna_andersson_private_notes' },
  loginRequired: { selector: 'form#dw__login input[name=p]' },
  login: {
    username: 'form#dw__login input[name=u]',
    password: 'form#dw__login input[name=p]',
    remember: '#remember__me',
    submit: 'form#dw__login button[type=submit]',
    error: { selector: 'div.error' },
  },
  // The user tools' "Log Out" link; DokuWiki then shows its login form.
  logout: { click: 'a[href*="do=logout"]', done: { selector: 'form#dw__login' } },
  users: [{ id: 'anna', usernameEnv: 'DOKUWIKI_USER_1', passwordEnv: 'DOKUWIKI_PASSWORD_1', displayName: 'Anna Andersson' }],
  policy: { closeWithoutLogout: 'require-login' },
});
