/**
 * Pages of the identity provider ("Inloggningstjänsten"). Selectors used by the harness are stable:
 * form#login, #username, #password, #remember, #sign-in, .login-error.
 */
import { esc, page } from './html';

/** The IdP's look, shared by every page it shows (the second-factor step's too: portal/totp-step.ts). */
export const IDP_STYLE = `<style>
body{font-family:Arial,Helvetica,sans-serif;background:#eef3f7;margin:0;padding:40px 16px;color:#1b2a33}
.card{max-width:360px;margin:0 auto;background:#fff;border-radius:6px;padding:24px 28px;box-shadow:0 2px 6px rgba(0,0,0,.15)}
h1{font-size:22px;margin:0 0 8px}.brand{color:#5a6b75;font-size:13px;margin:0 0 20px}
label{display:block;margin:12px 0 4px;font-weight:bold}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:8px;font-size:16px;border:1px solid #9aa9b2;border-radius:3px}
label.remember{font-weight:normal}
button{margin-top:18px;width:100%;padding:10px;font-size:16px;background:#1e5d88;color:#fff;border:0;border-radius:3px;cursor:pointer}
.login-error{background:#fdecea;color:#8a1c11;padding:8px 10px;border-radius:3px}
</style>`;

export const IDP_BRAND = '<p class="brand">Inloggningstjänsten &middot; testmiljö med påhittade personer</p>';

export const LOGOUT_SCRIPT_PATH = '/assets/logout-autosubmit.js';

/** Submits oidc-provider's logout confirm form on load; ES5 so Internet Explorer 11 runs it too. */
export const LOGOUT_SCRIPT = "document.getElementById('op.logoutForm').submit();\n";

export interface LoginPageOptions {
  action: string;
  /** Shown again after a failed attempt, so the user only retypes the password. */
  username?: string;
  failed?: boolean;
}

export function loginPage({ action, username = '', failed = false }: LoginPageOptions): string {
  const error = failed ? '<p class="login-error" role="alert">Fel användarnamn eller lösenord</p>' : '';
  return page({
    title: 'Logga in – Inloggningstjänsten',
    head: IDP_STYLE,
    body: `<main class="card">
<h1>Logga in</h1>
${IDP_BRAND}
${error}
<form id="login" method="post" action="${esc(action)}">
<label for="username">Användarnamn</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" value="${esc(username)}" required autofocus>
<label for="password">Lösenord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<label class="remember" for="remember"><input id="remember" name="remember" type="checkbox" value="yes"> Kom ihåg mig</label>
<button id="sign-in" type="submit">Logga in</button>
</form>
</main>`,
  });
}

/**
 * The end_session confirmation page. `form` is oidc-provider's own `<form id="op.logoutForm">` (it carries
 * the xsrf token); `extraInputs` go inside it, with a no-script fallback button.
 */
export function logoutConfirmPage(form: string, extraInputs: string): string {
  const noscript = '<noscript><button id="idp-logout" type="submit">Logga ut</button></noscript>';
  const completed = form.replace('</form>', `${extraInputs}${noscript}</form>`);
  return page({
    title: 'Loggar ut – Inloggningstjänsten',
    head: IDP_STYLE,
    body: `<main class="card">
<h1>Loggar ut…</h1>
${IDP_BRAND}
${completed}
</main>`,
    scripts: [LOGOUT_SCRIPT_PATH],
  });
}

/** Shown by the IdP after a logout that named no post_logout_redirect_uri. */
export function idpLoggedOutPage(): string {
  return page({
    title: 'Utloggad – Inloggningstjänsten',
    head: IDP_STYLE,
    body: `<main class="card">
<h1 id="idp-logged-out">Du är utloggad från inloggningstjänsten</h1>
${IDP_BRAND}
</main>`,
  });
}

export function idpErrorPage(error: string, description?: string): string {
  return page({
    title: 'Fel – Inloggningstjänsten',
    head: IDP_STYLE,
    body: `<main class="card">
<h1>Något gick fel</h1>
${IDP_BRAND}
<p class="idp-error"><code>${esc(error)}</code>${description ? `: ${esc(description)}` : ''}</p>
</main>`,
  });
}
