import { expect, test } from '@playwright/test';
import { scenarioCatalogue } from '../../../scenarios/catalogue';
import type { MemoryBehaviour } from './memory/memory-portal';
import { playOnModel } from './model';

// Every browser launch in the plan has a reason (issue 35): a scenario that starts a browser besides the user's
// own (a clean client for copied cookies, a second computer) says when and why in `otherBrowsers`, which
// `--list` prints. Played on the model, clean and with the behaviours that make such a browser needed (a
// session a revived or kept cookie still opens), each scenario starts one exactly when it declares one.

const behaviours: MemoryBehaviour[] = [{}, { logoutCosmetic: true }, { logoutKeepsServerSession: true }];

for (const scenario of scenarioCatalogue) {
  test(`${scenario.id} starts another browser only where it says why`, async () => {
    let started = 0;
    const verdicts: string[] = [];
    for (const behaviour of behaviours) {
      const { result } = await playOnModel(scenario.id, { behaviour, onOtherBrowser: () => void (started += 1) });
      verdicts.push(result.verdict);
    }
    if (verdicts.every((v) => v === 'skipped')) test.skip(true, `${scenario.id} does not apply to the model target`);
    expect(started > 0, `${scenario.id} started ${started} other browser(s); declares: ${scenario.otherBrowsers ?? 'none'}`).toBe(Boolean(scenario.otherBrowsers));
  });
}
