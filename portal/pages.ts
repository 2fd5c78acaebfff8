/**
 * Pages of the health portal ("Vårdportalen"). The personal-data marker, section[data-testid=personal-data],
 * appears on logged-in pages only: the audit's proof of "still logged in".
 */
import { esc, page } from './html';
import type { JournalEntry } from './users';

const STYLE = `<style>
body{font-family:Georgia,'Times New Roman',serif;margin:0;color:#20303a;background:#fbfaf7}
header{background:#0b5e55;color:#fff;padding:14px 24px}header a{color:#fff}
main{max-width:720px;margin:24px auto;padding:0 16px}
section{background:#fff;border:1px solid #d8d4c8;border-radius:4px;padding:12px 20px}
li{margin:8px 0}.date{font-weight:bold;margin-right:8px}
button{font-size:15px;padding:6px 14px}
</style>`;

const HEADER = '<header><strong>Vårdportalen</strong> &middot; <a href="/">Start</a> &middot; <a href="/mina-sidor">Mina sidor</a></header>';

function portalPage(title: string, main: string): string {
  return page({ title: `${title} – Vårdportalen`, head: STYLE, body: `${HEADER}\n<main>\n${main}\n</main>` });
}

export function startPage(): string {
  return portalPage(
    'Start',
    `<h1>Välkommen till Vårdportalen</h1>
<p>Här läser du din journal och dina recept. Testmiljö: alla personer är påhittade.</p>
<p><a id="to-mina-sidor" href="/mina-sidor">Mina sidor</a></p>`,
  );
}

export interface MinaSidorView {
  name: string;
  personnummer?: string;
  journal: readonly JournalEntry[];
}

export function minaSidorPage({ name, personnummer, journal }: MinaSidorView): string {
  const entries = journal.length
    ? `<ul>${journal.map((e) => `<li><span class="date">${esc(e.date)}</span>${esc(e.text)}</li>`).join('')}</ul>`
    : '<p>Inga journalanteckningar.</p>';
  return portalPage(
    'Mina sidor',
    `<h1>Mina sidor</h1>
<p id="greeting">Hej ${esc(name)}!</p>
<section data-testid="personal-data">
<h2>Journal</h2>
${personnummer ? `<p>Personnummer: <span id="personnummer">${esc(personnummer)}</span></p>` : ''}
${entries}
</section>
<form action="/logout" method="post"><button id="logout" type="submit">Logga ut</button></form>`,
  );
}

export function loggedOutPage(): string {
  return portalPage(
    'Utloggad',
    `<h1 id="logged-out">Du är nu utloggad</h1>
<p>Stäng gärna webbläsaren om du använder en delad dator.</p>
<p><a href="/mina-sidor">Logga in igen</a></p>`,
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
