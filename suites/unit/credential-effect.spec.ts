import { expect, test } from '@playwright/test';
import { effectWhileLoggedIn, honouredAfterLogout } from '../../scenarios/steps/credential-effect';

// What a replayed credential decides (scenarios/steps/credential-effect.ts): a credential counts only where it
// makes a difference while logged in, and after logout it must make none.

const answer = (status: number, digest = 'body') => ({ status, digest });

test('refused without the credential: the credential decides the status', () => {
  expect(effectWhileLoggedIn(answer(200), answer(401), answer(401))).toBe('status');
  expect(effectWhileLoggedIn(answer(200), answer(302), answer(302))).toBe('status');
});

test('2xx both ways with the same answer: public, whatever it carried (a static file under a path-scoped cookie)', () => {
  expect(effectWhileLoggedIn(answer(200, 'js'), answer(200, 'js'), answer(200, 'js'))).toBe('public');
});

test("2xx both ways but another answer with it: the credential decides the content (a list with the user's private items)", () => {
  expect(effectWhileLoggedIn(answer(200, 'mine+public'), answer(200, 'public'), answer(200, 'public'))).toBe('content');
});

test('an anonymous answer that changes by itself (a clock, a nonce) cannot tell content apart: public', () => {
  expect(effectWhileLoggedIn(answer(200, 'a'), answer(200, 't1'), answer(200, 't2'))).toBe('public');
});

test('refused even with the credential: it needs more than this one', () => {
  expect(effectWhileLoggedIn(answer(403), answer(401), answer(401))).toBe('needs-more');
});

test('after logout: any non-2xx is refused; where it decided the content, the anonymous answer is refused too', () => {
  expect(honouredAfterLogout('status', answer(401), undefined)).toBe(false);
  expect(honouredAfterLogout('status', answer(200), undefined)).toBe(true);
  expect(honouredAfterLogout('content', answer(200, 'public'), answer(200, 'public'))).toBe(false);
  expect(honouredAfterLogout('content', answer(200, 'mine+public'), answer(200, 'public'))).toBe(true);
  expect(honouredAfterLogout('content', answer(400), answer(200, 'public'))).toBe(false);
});
