import { z } from 'zod';
import { AuditError } from '../errors/audit-error';
import type { AuditDriver } from '../drivers/driver';

// A target is everything the scenarios need to know about a portal: where it is, how to log in and out, and
// how to tell "logged in" from "login required". Scenarios never name a portal's URLs or markup directly.

// Every field below is checked for what would otherwise fail only once browsers run: an empty selector, a URL
// a browser cannot open (no scheme, ftp://), a regular expression that does not compile.
const selector = z.string().refine((s) => s.trim().length > 0, 'a CSS selector, e.g. "#logout" (it is empty)');

/** An absolute http(s) URL: "localhost:8181" parses as a URL with the scheme "localhost:", so the scheme is checked. */
const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, message: `an absolute URL starting with http:// or https://, e.g. "${example}"` });

/** A regular expression as a string, compiled here so that a typo is named at load and not at the first page. */
const regexSource = (what: string, wrap: (source: string) => string = (s) => s) =>
  z.string().superRefine((source, ctx) => {
    try {
      new RegExp(wrap(source));
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression (${(error as Error).message}): ${what}` });
    }
  });

/** A dot path into a JSON value: "access_token", "tokens.access". */
const jsonField = z.string().regex(/^[^.\s]+(\.[^.\s]+)*$/, 'a dot path into the JSON value, e.g. "access_token" or "tokens.access"');

/** Where a tab's page keeps a value its API calls send: an element's attribute, or a Web Storage entry (or a field of its JSON). */
const valueInPage = (example: string) =>
  z.union([z.object({ selector, attribute: z.string().min(1) }), z.object({ storage: z.enum(['localStorage', 'sessionStorage']), key: z.string().min(1), field: jsonField.optional() })], {
    error: `either { selector, attribute } or { storage: "localStorage" | "sessionStorage", key, field? }, e.g. ${example}`,
  });

/** A sign that the browser is on a given kind of page: a selector that is visible, a URL pattern, a text. */
export const pageSignalSchema = z
  .object({
    selector: selector.optional(),
    /** A regular expression (as a string) the page URL must match. */
    urlPattern: regexSource('write the source of a JavaScript RegExp, e.g. "/mina-sidor$"').optional(),
    text: z.string().min(1).optional(),
  })
  // A signal given but wrong (an empty selector) is named by its own field; this line is for none given at all.
  .refine((s) => [s.selector, s.urlPattern, s.text].some((given) => given !== undefined), {
    message: 'give at least one of selector, urlPattern or text, e.g. { selector: "[data-testid=personal-data]" }',
  });

/** The name of an environment variable: a target names where a secret is, and never holds it. */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable, e.g. "PORTAL_TOTP_SECRET" (not the secret itself)');

/**
 * A second factor by one-time code (TOTP, RFC 6238: six digits, 30 s, SHA-1, what authenticator apps use),
 * asked after the password. The harness computes each code from the user's base32 secret, read from the
 * environment variable `secretEnv` names (users[].totpSecretEnv for a user of their own), types it into
 * `selector` and clicks `submit` (left out: the page goes on by itself once the code is typed).
 */
export const totpSchema = z.object({
  selector,
  submit: selector.optional(),
  secretEnv: envName,
});

export const userSchema = z.object({
  /** A label for reports; never the password. */
  id: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
  /** A name the portal shows for this user, to recognise their data (e.g. on a shared computer). */
  displayName: z.string().optional(),
  /** The environment variable holding this user's TOTP secret, where login.totp.secretEnv is another user's. */
  totpSecretEnv: envName.optional(),
});

export const targetSchema = z.object({
  name: z.string().min(1),
  baseUrl: httpUrl('https://portal.example.se'),
  /** A public page a visitor sees first (where a previous user's traces would show); default "/". */
  startPath: z.string().startsWith('/').default('/'),
  /** Pages that only a logged-in user may see; the first is the one scenarios revisit. */
  protectedPaths: z.array(z.string().startsWith('/', 'a path starting with "/", e.g. "/mina-sidor"')).min(1),
  /** Shown only on a logged-in page, e.g. the element holding journal entries. */
  loggedIn: pageSignalSchema,
  /** Shown when the portal asks for credentials (its own form, or its identity provider's). */
  loginRequired: pageSignalSchema,
  login: z.union(
    [
      z.object({
        username: selector,
        password: selector,
        submit: selector,
        /** "Remember me": left unticked, as a user on a shared computer would. */
        remember: selector.optional(),
        /**
         * The button that opens the login form when the form is a dialog, e.g. "#sign-in-button" for a "Sign in"
         * button opening a modal: clicked when a protected page shows it and not the form's fields.
         */
        open: selector.optional(),
        /** What a rejected login shows, so a wrong password is reported as such rather than timing out. */
        error: pageSignalSchema.optional(),
        /** A one-time code asked after the password, e.g. { selector: "#otp", submit: "#verify", secretEnv: "PORTAL_TOTP_SECRET" }. */
        totp: totpSchema.optional(),
      }),
      z.object({
        /**
         * For flows a form description cannot drive (several pages, a test-BankID, a consent step): called on
         * the login form the portal sent the browser to; it must leave the browser on a logged-in page.
         */
        script: z.custom<LoginScript>((v) => typeof v === 'function', 'a function (browser, user) => Promise<void>'),
        error: pageSignalSchema.optional(),
      }),
    ],
    { error: 'either { username, password, submit } selectors or { script }' },
  ),
  logout: z
    .object({
      /** The control a user clicks to log out, on a protected page. */
      click: selector.optional(),
      /** Or: the URL path that logs out when visited (a plain logout link). */
      url: z.string().startsWith('/').optional(),
      /** Or: a script, for a logout behind a menu or a confirmation dialog. */
      script: z.custom<LogoutScript>((v) => typeof v === 'function', 'a function (browser) => Promise<void>').optional(),
      /** What the browser shows once logout has finished. */
      done: pageSignalSchema,
      /**
       * The "log out everywhere" control, where the portal has one (ASVS 3.3.4): a selector, e.g. "#logout-all",
       * when it ends this session too (the browser then shows `done` above); or, for "log out everywhere else",
       * { click, keepsThisSession: true, done }: this computer stays logged in and `done` is what the page shows
       * once the other sessions are ended, e.g. { text: "Signed out of all other devices" }.
       */
      everywhere: z
        .union(
          [
            selector,
            z
              .object({ click: selector, keepsThisSession: z.boolean().default(false), done: pageSignalSchema.optional() })
              // Without its own confirmation the other computer would be looked at before the portal had ended
              // anything, and a slow portal would read as one that ends nothing.
              .refine((e) => !e.keepsThisSession || e.done !== undefined, {
                message: 'with keepsThisSession, say what the page shows once the other sessions are ended, e.g. done: { text: "Signed out of all other devices" }',
                path: ['done'],
              }),
          ],
          { error: 'a selector, e.g. "#logout-everywhere", or { click, keepsThisSession: true, done }' },
        )
        .optional(),
    })
    .refine((l) => [l.click, l.url, l.script].filter(Boolean).length === 1, {
      message: 'give exactly one way to log out: click (a selector), url (a path) or script',
    }),
  /** A call the portal's own pages make to its API, to check it stops working after logout in another tab. */
  api: z
    .object({
      path: z.string().startsWith('/'),
      /**
       * Where the page keeps the bearer token it sends: an element's attribute, e.g.
       * { selector: 'meta[name=api-token]', attribute: 'content' }, or a Web Storage key of the portal's origin,
       * e.g. { storage: 'localStorage', key: 'access_token' } (single-page apps), with `field` when the value is
       * JSON holding the token, e.g. { storage: 'localStorage', key: 'auth-tokens', field: 'access_token' }.
       * Read from the tab itself while logged in, so logout-other-tab sends that tab's own token.
       */
      bearerToken: valueInPage('{ storage: "localStorage", key: "auth-tokens", field: "access_token" }').optional(),
      /**
       * Headers the page adds to its API calls besides the token (an anti-CSRF nonce), each read from the tab
       * like bearerToken, e.g. [{ name: 'X-CSRF-Token', from: { selector: 'meta[name=csrf]', attribute: 'content' } }].
       */
      headers: z
        .array(
          z.object({
            name: z
              .string()
              .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'an HTTP header name, e.g. "X-CSRF-Token"')
              .refine((n) => n.toLowerCase() !== 'authorization', 'the Authorization header comes from api.bearerToken, e.g. { storage: "localStorage", key: "access_token" }'),
            from: valueInPage('{ selector: "meta[name=csrf-token]", attribute: "content" }'),
          }),
        )
        .optional(),
    })
    .optional(),
  /**
   * Origins besides the portal's and the IdP's that the portal's own pages send their tokens to: an API on a host
   * of its own, e.g. ["https://api.portal.example.se"]. logout-token-replay replays what the pages sent there too;
   * a token sent to an origin not named here (an analytics or third-party service) is that party's and left alone.
   */
  apiOrigins: z.array(httpUrl('https://api.portal.example.se')).optional(),
  /** Names (regular expressions) of the cookies that carry the login; default: every cookie set during login. */
  sessionCookies: z.array(regexSource('a cookie name or a RegExp source, e.g. "JSESSIONID" or "sess_.*"', (n) => `^(?:${n})$`)).optional(),
  /** The identity provider the portal signs in with, when it uses one: its cookies are audited as well. */
  idp: z
    .union(
      [
        // OpenID Connect (the default kind).
        z.object({
          kind: z.literal('oidc').optional(),
          issuer: httpUrl('https://idp.example.se'),
          /** The portal's client id and redirect URI at the IdP: needed for the prompt=none check after logout. */
          clientId: z.string().min(1).optional(),
          redirectUri: httpUrl('https://portal.example.se/callback').optional(),
        }),
        // SAML 2.0: the IdP's cookies are those of ssoUrl's host.
        z.object({
          kind: z.literal('saml'),
          /** The IdP's entity id (its metadata's entityID). */
          entityId: z.string().min(1),
          /** The IdP's single sign-on service, HTTP-Redirect binding: where the passive AuthnRequest goes. */
          ssoUrl: httpUrl('https://idp.example.se/saml/sso'),
          /** The portal's entity id at the IdP, the Issuer of the passive AuthnRequest (logout-sso-silent). */
          spEntityId: z.string().min(1).optional(),
          /** The portal's assertion consumer service URL registered at the IdP (logout-sso-silent). */
          acsUrl: httpUrl('https://portal.example.se/saml/acs').optional(),
        }),
      ],
      { error: 'an OpenID Connect provider { issuer, clientId?, redirectUri? } or a SAML IdP { kind: "saml", entityId, ssoUrl, spEntityId?, acsUrl? }' },
    )
    .optional(),
  users: z.array(userSchema).min(1),
  /**
   * The logged-in user's menu, where the portal keeps the logout control or the user's name out of sight until
   * it is opened (an avatar or name button): `open` is clicked, `panel` is what shows once the menu is open,
   * e.g. { open: "#avatar", panel: "#user-menu" }. Logout, "log out everywhere" and the look for a previous
   * user's name open it first (scenarios/steps/user-menu.ts).
   */
  userMenu: z
    .object(
      {
        open: z.string({ error: 'the selector of what opens the menu, e.g. "#avatar"' }).pipe(selector),
        panel: z.string({ error: 'the selector of what shows once the menu is open, e.g. "#user-menu"' }).pipe(selector),
      },
      { error: 'the menu as { open, panel }, e.g. { open: "#avatar", panel: "#user-menu" }' },
    )
    .optional(),
  policy: z.object({
    /** Whether closing the browser without logging out must end the session. */
    closeWithoutLogout: z.enum(['require-login', 'allow']).default('require-login'),
    /** The portal's declared idle timeout; the idle-timeout scenario waits this long (plus a margin). */
    idleTimeoutSeconds: z.number().positive().max(3600).optional(),
  }),
});

/** A scripted login: drives the browser through the portal's login flow as `user`, using the driver interface. */
export type LoginScript = (browser: AuditDriver, user: TargetUser) => Promise<void>;
export type LogoutScript = (browser: AuditDriver) => Promise<void>;

export type PageSignalSpec = z.infer<typeof pageSignalSchema>;
export type TargetUser = z.infer<typeof userSchema>;
export type TotpLogin = z.infer<typeof totpSchema>;
export type Target = z.infer<typeof targetSchema>;

/** Validates a target, with one line per wrong field naming it, so a typo is found before a browser starts. */
export function parseTarget(input: unknown, source = 'target'): Target {
  const parsed = targetSchema.safeParse(input);
  const lines = parsed.success
    ? misreadings(parsed.data)
    : parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  if (parsed.success && lines.length === 0) return parsed.data;
  throw new TargetError(`${source} is not valid:\n${lines.join('\n')}`);
}

/**
 * Fields that are right one by one but wrong together, in the same one-line-per-field form. Checked after the
 * schema because zod cannot omit fields of an object with refinements (targets/define-target.ts does).
 */
function misreadings(target: Target): string[] {
  const how = target.login;
  const formFields = 'username' in how ? [how.username, how.password, how.submit] : [];
  // Behind login.open the form's fields are hidden until a click: a revisit would see neither signal.
  if ('open' in how && how.open && target.loginRequired.selector && formFields.includes(target.loginRequired.selector)) {
    return [`  loginRequired.selector: with login.open, a sign a logged-out page shows before the dialog opens, e.g. the button itself { selector: "${how.open}" }`];
  }
  return [];
}

export class TargetError extends AuditError {
  readonly code = 'TARGET_INVALID';
}

/** The origins whose cookies belong to the login: the portal's and the identity provider's. */
export function targetOrigins(target: Target): { portal: URL; idp: URL | undefined } {
  return { portal: new URL(target.baseUrl), idp: idpUrl(target) };
}

/** Where the identity provider lives: an OpenID issuer, or a SAML IdP's single sign-on service. */
export function idpUrl(target: Target): URL | undefined {
  if (!target.idp) return undefined;
  return new URL(target.idp.kind === 'saml' ? target.idp.ssoUrl : target.idp.issuer);
}

export function protectedUrl(target: Target): string {
  return new URL(target.protectedPaths[0] ?? '/', target.baseUrl).toString();
}
