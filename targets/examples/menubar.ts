import { defineTarget } from '../define-target';

// Example target for a portal that keeps its controls out of sight (the Menubar demo the foreign-portal spec
// starts): the login form is a dialog behind a "Sign in" button (login.open), and the user's name, "Sign out"
// and "Sign out everywhere else" sit in a menu behind an avatar button (userMenu). loginRequired is that "Sign
// in" button: a logged-out page shows it before any dialog opens, so a revisit is judged without opening it.
// "Sign out everywhere else" keeps this computer logged in and says so with its own confirmation
// (logout.everywhere.done). Credentials: MENUBAR_USER_1 / MENUBAR_PASSWORD_1 and _2.
export default defineTarget({
  name: 'menubar-example',
  baseUrl: process.env.MENUBAR_URL ?? 'http://127.0.0.1:8686',
  protectedPaths: ['/account'],
  loggedIn: { selector: '#records' },
  loginRequired: { selector: '#open-sign-in' },
  login: { open: '#open-sign-in', username: '#username', password: '#password', submit: '#sign-in', error: { selector: '.login-error' } },
  userMenu: { open: '#avatar', panel: '#user-menu' },
  logout: {
    click: '#sign-out',
    done: { selector: '#signed-out' },
    everywhere: { click: '#sign-out-others', keepsThisSession: true, done: { selector: '#others-ended' } },
  },
  users: [
    { id: 'ada', usernameEnv: 'MENUBAR_USER_1', passwordEnv: 'MENUBAR_PASSWORD_1', displayName: 'Ada Lindqvist' },
    { id: 'bo', usernameEnv: 'MENUBAR_USER_2', passwordEnv: 'MENUBAR_PASSWORD_2', displayName: 'Bo Nyström' },
  ],
  policy: { closeWithoutLogout: 'require-login' },
});
