/**
 * Test users of the reference portal. FAKE people only: the personnummer follow the pattern of
 * Skatteverket's well-known test identities (Tolvan Tolvansson, 19121212-1212) and pass the Luhn check so
 * form validators accept them, but belong to nobody.
 *
 * The passwords are deliberately distinctive so that a test can grep reports, evidence and logs for them:
 * finding one there means the harness leaked a secret.
 */

export interface JournalEntry {
  /** ISO date, yyyy-mm-dd. */
  readonly date: string;
  readonly text: string;
}

export interface TestUser {
  readonly username: string;
  readonly password: string;
  /** Display name; the IdP hands it to the portal as the `name` claim. */
  readonly name: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly personnummer: string;
  readonly journal: readonly JournalEntry[];
}

export const testUsers: readonly TestUser[] = [
  {
    username: 'tolvan',
    password: 'tolvan-Vardguide-2026!',
    name: 'Tolvan Tolvansson',
    givenName: 'Tolvan',
    familyName: 'Tolvansson',
    personnummer: '19121212-1212',
    journal: [
      { date: '2025-11-03', text: 'Besök vårdcentralen Tolvsta: halsfluss, penicillin V 10 dagar.' },
      { date: '2026-01-19', text: 'Uppföljning: besvären borta. Ingen ytterligare åtgärd.' },
    ],
  },
  {
    username: 'elvan',
    password: 'elvan-Journal-Elva-11?',
    name: 'Elvan Elvasson',
    givenName: 'Elvan',
    familyName: 'Elvasson',
    personnummer: '19111111-1116',
    journal: [
      { date: '2025-09-22', text: 'Vaccination mot säsongsinfluensa, Elvby vaccinationsmottagning.' },
      { date: '2026-02-07', text: 'Telefonrådgivning 1177: ryggvärk, egenvårdsråd och fysioterapiremiss.' },
    ],
  },
  {
    username: 'tian',
    password: 'tian-Recept-Tio-10#',
    name: 'Tian Tiosson',
    givenName: 'Tian',
    familyName: 'Tiosson',
    personnummer: '19101010-1010',
    journal: [
      { date: '2025-12-12', text: 'Recept förnyat: salbutamol inhalator, 1 år. Astma välkontrollerad.' },
    ],
  },
];

export function findUser(username: string): TestUser | undefined {
  return testUsers.find((u) => u.username === username);
}
