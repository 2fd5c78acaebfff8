import { accepted } from './refusal';

// What a replayed credential decides. Most APIs refuse a request without its credential (401, a redirect): the
// credential decides the status. Others answer everyone 2xx and decide the content: a package list that holds
// the user's private packages only with their token, an anonymous view otherwise (verdaccio). A request that
// is answered alike with and without the credential is public, whatever it carried, and proves nothing. So
// while logged in each request is replayed with its credential, and twice without it: if the anonymous answer
// itself changes from one call to the next (a clock, a nonce), its content cannot tell anything and only its
// status counts.

/** One answer to a replay: its status, and a digest of its body (never the body: it may hold personal data). */
export interface ReplayAnswer {
  status: number;
  digest: string;
}

/**
 * How the credential showed while logged in:
 * - `status`: accepted with it, refused without it;
 * - `content`: accepted both ways, but a stable anonymous answer differs from the credential's;
 * - `public`: answered alike (or the anonymous answer is not stable enough to tell);
 * - `needs-more`: refused even with it (the request needs another header, a cookie, a CSRF nonce): untestable.
 */
export type CredentialEffect = 'status' | 'content' | 'public' | 'needs-more';

export function effectWhileLoggedIn(withIt: ReplayAnswer, without: ReplayAnswer, withoutAgain: ReplayAnswer): CredentialEffect {
  if (!accepted(withIt.status)) return 'needs-more';
  if (!accepted(without.status)) return 'status';
  const anonymousStable = without.status === withoutAgain.status && without.digest === withoutAgain.digest;
  return anonymousStable && withIt.digest !== without.digest ? 'content' : 'public';
}

/**
 * After logout, the credential must make no difference any more: refused outright, or (where it decided the
 * content) answered exactly as a request without it is answered now.
 */
export function honouredAfterLogout(effect: 'status' | 'content', withIt: ReplayAnswer, without: ReplayAnswer | undefined): boolean {
  if (!accepted(withIt.status)) return false;
  if (effect === 'status') return true;
  return without === undefined || !(accepted(without.status) && without.digest === withIt.digest);
}
