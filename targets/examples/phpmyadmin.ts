import { defineTarget } from '../define-target';

// phpMyAdmin (Debian 12's package, served under /phpmyadmin/ as its apache.conf does) with cookie
// authentication: the user logs in with a MariaDB account and sees the tables of their own database. Written
// as a user of logout-audit would, from the pages alone (docs/writing-a-target.md). Credentials:
// PHPMYADMIN_USER_1 / PHPMYADMIN_PASSWORD_1.
export default defineTarget({
  name: 'phpmyadmin',
  baseUrl: process.env.PHPMYADMIN_URL ?? 'http://127.0.0.1:8080',
  startPath: '/phpmyadmin/index.php',
  protectedPaths: ['/phpmyadmin/index.php?route=/database/structure&db=cecilia_journal'],
  // The row of the user's own table in their database's structure: only a logged-in user with rights on it sees
  // it. phpMyAdmin's login lands on its home page with db= kept, which shows that structure too.
  loggedIn: { selector: 'form#tablesForm tr[data-filter-row="APPOINTMENTS"]' },
  loginRequired: { selector: 'form#login_form input[name=pma_password]' },
  login: { username: '#input_username', password: '#input_password', submit: '#input_go', error: { selector: '.alert-danger' } },
  // The "Log out" icon of the navigation panel (phpMyAdmin posts it with its token); the login form follows.
  logout: { click: 'a.logout', done: { selector: 'form#login_form' } },
  users: [{ id: 'cecilia', usernameEnv: 'PHPMYADMIN_USER_1', passwordEnv: 'PHPMYADMIN_PASSWORD_1', displayName: 'cecilia' }],
  policy: { closeWithoutLogout: 'require-login' },
});
