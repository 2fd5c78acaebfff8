import { expect, test } from '@playwright/test';
import { answerOf } from '../../scenarios/steps/refusal';

// The one refusal rule every scenario uses (scenarios/steps/refusal.ts): real applications refuse with 400s,
// 500s and redirects as well as 401/403, and none of those may leave a run undecided.

test('only a 2xx is accepted', () => {
  for (const status of [200, 201, 204, 299]) expect(answerOf(status), `HTTP ${status}`).toBe('accepted');
});

test("every other answer is a refusal: a redirect, any 4xx, any 5xx, a page's fetch that saw a redirect (0)", () => {
  for (const status of [0, 199, 300, 301, 302, 303, 307, 308, 400, 401, 403, 404, 405, 419, 422, 440, 500, 502, 503]) {
    expect(answerOf(status), `HTTP ${status}`).toBe('refused');
  }
});
