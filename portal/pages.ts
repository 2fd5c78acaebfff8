/**
 * Pages of the health portal ("Vårdportalen"). The personal-data marker, section[data-testid=personal-data],
 * appears on logged-in pages only: the audit's proof of "still logged in". Selectors the audit and its
 * scenarios rely on: #to-mina-sidor, #greeting, #personnummer, meta[name=vp-api-token], #api-journal,
 * #api-result[data-status], #recept[data-status], #logout, #logout-everywhere, #logged-out, #login-failed, #welcome-back.
 */
import { LOGGED_OUT_SCRIPT_PATH, MINA_SIDOR_SCRIPT_PATH, SIGNING_IN_SCRIPT_PATH } from './browser-scripts';
import { esc, page } from './html';
import type { PreviousUser } from './previous-user';
import type { SessionUser } from './session-store';
import { findUser, type JournalEntry } from './users';

const STYLE = `<style>
body{font-family:Georgia,'Times New Roman',serif;margin:0;color:#20303a;background:#fbfaf7}
header{background:#0b5e55;color:#fff;padding:14px 24px}header a{color:#fff}
main{max-width:720px;margin:24px auto;padding:0 16px}
section{background:#fff;border:1px solid #d8d4c8;border-radius:4px;padding:12px 20px}
li{margin:8px 0}.date{font-weight:bold;margin-right:8px}
button{font-size:15px;padding:6px 14px}
</style>`;

const HEADER = '<header><strong>Vårdportalen</strong> &middot; <a href="/">Start</a> &middot; <a href="/mina-sidor">Mina sidor</a></header>';

function portalPage(title: string, main: string, extra: { head?: string; scripts?: string[] } = {}): string {
  return page({
    title: `${title} – Vårdportalen`,
    head: `${STYLE}${extra.head ?? ''}`,
    body: `${HEADER}\n<main>\n${main}\n</main>`,
    scripts: extra.scripts,
  });
}

function journalList(journal: readonly JournalEntry[]): string {
  return journal.length
    ? `<ul>${journal.map((e) => `<li><span class="date">${esc(e.date)}</span>${esc(e.text)}</li>`).join('')}</ul>`
    : '<p>Inga journalanteckningar.</p>';
}

/** Only the previous-user-greeting defect passes a previous user: the clean pages know nobody. */
function welcomeBack(previous: PreviousUser | undefined): string {
  if (!previous) return '';
  return `<section id="welcome-back">
<p id="welcome-back-greeting">Välkommen tillbaka, ${esc(previous.name)}</p>
<h2>Dina senaste journalanteckningar</h2>
${journalList(previous.latest)}
</section>`;
}

export function startPage(previous?: PreviousUser): string {
  return portalPage(
    'Start',
    `<h1>Välkommen till Vårdportalen</h1>
${welcomeBack(previous)}
<p>Här läser du din journal och dina recept. Testmiljö: alla personer är påhittade.</p>
<p><a id="to-mina-sidor" href="/mina-sidor">Mina sidor</a></p>`,
  );
}

export interface PersonalView {
  name: string;
  personnummer?: string;
  journal: readonly JournalEntry[];
}

/** What Mina sidor and the journal API show of the logged-in person. */
export function personalView(user: SessionUser): PersonalView {
  const record = findUser(user.sub);
  return { name: user.name, personnummer: record?.personnummer, journal: record?.journal ?? [] };
}

export interface MinaSidorView extends PersonalView {
  /** The session's token for /api/journal, handed to the page's own script. */
  apiToken: string;
}

export function minaSidorPage({ name, personnummer, journal, apiToken }: MinaSidorView): string {
  return portalPage(
    'Mina sidor',
    `<h1>Mina sidor</h1>
<p id="greeting">Hej ${esc(name)}!</p>
<section data-testid="personal-data">
<h2>Journal</h2>
${personnummer ? `<p>Personnummer: <span id="personnummer">${esc(personnummer)}</span></p>` : ''}
${journalList(journal)}
</section>
<section id="api">
<h2>Journalen via API</h2>
<p><button id="api-journal" type="button">Hämta journalen</button></p>
<p id="api-result" aria-live="polite"></p>
</section>
<section id="spa">
<h2>Dina recept</h2>
<p id="recept" aria-live="polite">Hämtar…</p>
</section>
<form action="/logout" method="post"><button id="logout" type="submit">Logga ut</button></form>
<form action="/logout/everywhere" method="post"><button id="logout-everywhere" type="submit">Logga ut överallt</button></form>`,
    { head: `\n<meta name="vp-api-token" content="${esc(apiToken)}">`, scripts: [MINA_SIDOR_SCRIPT_PATH] },
  );
}

export function loggedOutPage(previous?: PreviousUser): string {
  return portalPage(
    'Utloggad',
    `<h1 id="logged-out">Du är nu utloggad</h1>
${welcomeBack(previous)}
<p>Stäng gärna webbläsaren om du använder en delad dator.</p>
<p><a href="/mina-sidor">Logga in igen</a></p>`,
    { scripts: [LOGGED_OUT_SCRIPT_PATH] },
  );
}

/** The token-in-local-storage defect's /login: its script decides between /api/resume and the IdP. */
export function signingInPage({ authorizeUrl, returnTo }: { authorizeUrl: string; returnTo: string }): string {
  return portalPage(
    'Loggar in',
    `<h1 id="signing-in" data-authorize="${esc(authorizeUrl)}" data-return-to="${esc(returnTo)}">Loggar in…</h1>
<noscript><p><a href="${esc(authorizeUrl)}">Fortsätt till inloggningen</a></p></noscript>`,
    { scripts: [SIGNING_IN_SCRIPT_PATH] },
  );
}

export function loginFailedPage(reason: string): string {
  return portalPage(
    'Inloggningen misslyckades',
    `<h1 id="login-failed">Inloggningen misslyckades</h1>
<p>Orsak: <code class="reason">${esc(reason)}</code></p>
<p><a href="/mina-sidor">Försök igen</a></p>`,
  );
}

export function serverErrorPage(): string {
  return portalPage('Något gick fel', '<h1>Något gick fel</h1><p>Försök igen om en stund.</p>');
}

export function notFoundPage(): string {
  return portalPage('Sidan finns inte', '<h1>Sidan finns inte</h1>');
}
