// The words portals put on their login, logout and account controls, in the languages the issue names
// (English, Swedish, German, French, Spanish). Matched case-insensitively against a control's visible text,
// value, aria-label and title; as RegExp sources because they run inside the page (page-probe.ts).

/** A control that starts a login: "Log in", "Logga in", "Anmelden", "Se connecter", "Iniciar sesión". */
export const LOGIN_WORDS = String.raw`\b(log ?in|login|sign ?in|logga in|inloggning|anmelden|einloggen|se connecter|connexion|iniciar sesi[oó]n|acceder|entrar|ingresar)\b`;

/** A control that ends the session: "Log out", "Logga ut", "Abmelden", "Se déconnecter", "Cerrar sesión". */
export const LOGOUT_WORDS = String.raw`(log ?out|logout|sign ?out|signout|logga ut|utloggning|abmelden|ausloggen|se d[ée]connecter|d[ée]connexion|cerrar sesi[oó]n|salir|desconectar)`;

/** Hrefs of logout links whose text is an icon: /logout, ?do=logout, /signout, /abmelden. */
export const LOGOUT_HREF = String.raw`(log_?out|sign_?out|abmelden|deconnexion|do=logout|action=logout)`;

/** "Log out everywhere" / "of all devices": its own control (logout.everywhere), never the plain logout. */
export const EVERYWHERE_WORDS = String.raw`(everywhere|all (other )?(devices|sessions)|överallt|alla enheter|überall|alle(n)? (ger[äa]te|sitzungen)|partout|tous les appareils|todos los dispositivos|todas las sesiones)`;

/** A link to the personal pages, followed when the start page shows no login: "My pages", "Mina sidor". */
export const ACCOUNT_WORDS = String.raw`\b(my (pages|account|profile)|account|dashboard|mina sidor|mitt konto|mein konto|meine seiten|mon compte|mon espace|mi cuenta|mi perfil)\b`;

/** What a page says once logged out: "You are logged out", "Du är nu utloggad", "Abgemeldet", "Déconnecté". */
export const LOGGED_OUT_WORDS = String.raw`(logged out|signed out|utloggad|abgemeldet|ausgeloggt|d[ée]connect[ée]|sesi[oó]n cerrada|has cerrado sesi[oó]n)`;

/** A "keep me signed in" box: by its label, name or id. */
export const REMEMBER_WORDS = String.raw`(remember|keep me|stay signed|kom ih[åa]g|angemeldet bleiben|se souvenir|rester connect|recu[eé]rdame|mantener)`;
