import { expect, test } from '@playwright/test';
import { scenarioById } from '../../../scenarios/catalogue';
import { scenario, type Step } from '../../../scenarios/scenario';
import { SHARED_ROUND, roundSteps, sharedRoundOf } from '../../../scenarios/shared-round';
import { login, logout, openProtectedPage } from '../../../scenarios/steps';
import { BrokenError, NothingToTest } from '../../../scenarios/verdict';
import type { MemoryBehaviour } from './memory/memory-portal';
import { explain, playOnModel, playRoundOnModel } from './model';

// One login/logout round for the scenarios of SHARED_ROUND (issue 35): the same verdict and the same codes for
// each member as its run of its own, on every behaviour of the model that one of them catches, and a member's
// failure kept to that member. What a real browser and the reference portal's defects do in the round is proven
// by the defect specs, which take their catches of these scenarios from the round (suites/defects/defect-test.ts).

const members = SHARED_ROUND.map(scenarioById);

const behaviours: MemoryBehaviour[] = [
  {},
  { logoutCosmetic: true },
  { tokenInLocalStorage: true },
  { persistentSessionCookie: true },
  { sessionCookieWithoutSameSite: true },
  { logoutKeepsServerSession: true },
  { logoutCosmetic: true, persistentSessionCookie: true },
];

for (const behaviour of behaviours) {
  const on = Object.keys(behaviour).join(' + ') || 'no defect';
  test(`each member's verdict and codes in the round are its own run's, with ${on}`, async () => {
    const round = await playRoundOnModel(members, { behaviour });
    for (const [i, member] of members.entries()) {
      const alone = (await playOnModel(member.id, { behaviour })).result;
      const inRound = round.results[i]!;
      expect(inRound.scenario).toBe(member.id);
      expect({ verdict: inRound.verdict, code: inRound.code, codes: inRound.findings.map((f) => f.code) }, `${explain(inRound)}\nalone:\n${explain(alone)}`).toEqual({
        verdict: alone.verdict,
        code: alone.code,
        codes: alone.findings.map((f) => f.code),
      });
    }
  });
}

test('the round logs in and out once and says whose each other step is', async () => {
  const { steps, portal } = await playRoundOnModel(members);
  expect(steps.filter((s) => / log in$/.test(s))).toHaveLength(1);
  expect(steps.filter((s) => / log out/.test(s))).toHaveLength(1);
  expect(steps.find((s) => s.includes('revisit the protected page'))).toContain('(logout-revisit)');
  expect(steps.at(-1)).toContain('(logout-revisit)');
  expect(portal).toBeTruthy();
});

test('the plan shares a round only among members it plans, in the round order', () => {
  expect(sharedRoundOf(['logout-revisit', 'cookie-attributes', 'logout-replay'])).toEqual(['cookie-attributes', 'logout-revisit']);
  expect(sharedRoundOf(['logout-revisit', 'logout-replay'])).toEqual([]);
  expect(roundSteps([scenarioById('logout-revisit')]).map((s) => s.step.title)).toEqual(scenarioById('logout-revisit').steps.map((s) => s.title));
});

const failing = (title: string, error: () => Error): Step => ({ title, run: async () => Promise.reject(error()) });

test("a member's own step that fails breaks that member only; the others are decided", async () => {
  const breaks = scenario({
    id: 'breaks-alone',
    title: 'a member whose own check cannot be made',
    refs: [],
    findingCodes: [],
    requires: [],
    steps: [login(), openProtectedPage(), failing('read something unreadable', () => new BrokenError('SELECTOR_MISSING', 'no such element')), logout()],
  });
  const nothing = scenario({ ...breaks, id: 'nothing-here', steps: [login(), openProtectedPage(), logout(), failing('look for a token', () => new NothingToTest('a token', 'the portal sends none'))] });
  const { results } = await playRoundOnModel([breaks, nothing, scenarioById('logout-revisit')]);
  expect(results.map((r) => [r.scenario, r.verdict, r.code])).toEqual([
    ['breaks-alone', 'broken', 'SELECTOR_MISSING'],
    ['nothing-here', 'skipped', 'NOT_APPLICABLE'],
    ['logout-revisit', 'passed', 'PASSED'],
  ]);
});

test('a shared step that fails breaks every member with steps left, and keeps the verdict of one that had finished', async () => {
  const { results } = await playRoundOnModel(members, { target: { logout: { click: '#no-such-logout-control', done: { selector: '#logged-out' } } } });
  const byId = Object.fromEntries(results.map((r) => [r.scenario, r]));
  expect(byId['cookie-attributes']?.verdict, explain(byId['cookie-attributes']!)).toBe('passed');
  for (const id of ['logout-storage-residue', 'logout-revisit']) {
    expect(byId[id]?.verdict, explain(byId[id]!)).toBe('broken');
    expect(byId[id]?.reason).toContain('in step "log out"');
  }
});
