import { expect, test } from '@playwright/test';
import type { StorageSnapshot } from '../../../drivers/driver';
import { MemoryDriver } from './memory/memory-driver';
import { MemoryPortal, type MemoryBehaviour } from './memory/memory-portal';
import { memoryEvidence } from '../../../evidence/evidence';
import { controls } from '../../../scenarios/controls';
import { scenarioById } from '../../../scenarios/catalogue';
import { play } from '../../../scenarios/scenario';
import type { ScenarioResult } from '../../../scenarios/verdict';
import { parseTarget } from '../../../targets/target';
import { BASE_URL, explain, modelTarget, users } from './model';

// logout-other-tab's API call on the model, with the browser changed in one way each: the API refuses with a
// status other than 401 after logout, or the token lives in localStorage (shared by the tabs), which logout
// empties. Both are what real applications do; neither may leave the run undecided.

async function otherTab(driver: (portal: MemoryPortal) => MemoryDriver, behaviour: MemoryBehaviour = {}, target: Record<string, unknown> = {}): Promise<ScenarioResult> {
  const portal = new MemoryPortal(users, behaviour);
  const parsed = parseTarget({ ...modelTarget, ...target }, 'the model target');
  return play(scenarioById('logout-other-tab'), {
    target: parsed,
    user: parsed.users[0]!,
    driver: driver(portal),
    newDriver: () => new MemoryDriver(portal, BASE_URL),
    evidence: memoryEvidence(),
  });
}

for (const status of [400, 404, 500]) {
  test(`an API that answers HTTP ${status} after logout refused the other tab: passed, not broken`, async () => {
    class RefusesWith extends MemoryDriver {
      override async fetchFromPage(url: string, headers?: Record<string, string>) {
        const answer = await super.fetchFromPage(url, headers);
        return answer.status === 401 ? { ...answer, status } : answer;
      }
    }
    const result = await otherTab((portal) => new RefusesWith(portal, BASE_URL));
    expect(result.verdict, explain(result)).toBe('passed');
    expect(result.checks).toContainEqual(expect.objectContaining({ outcome: 'passed', check: 'API refuses after logout', control: controls.api, seen: `HTTP ${status} from ${BASE_URL}/api/journal` }));
  });
}

/**
 * The page keeps its token in localStorage, shared by every tab of the origin, as the token itself or as JSON
 * (as Node-RED does), and logout empties it: afterwards no tab's storage holds the token, though the other
 * tab's page still has it.
 */
function tokenInSharedStorage(asJson: boolean) {
  return class extends MemoryDriver {
    private stored: string | undefined;
    private emptied = false;
    override async storage(): Promise<StorageSnapshot> {
      const snapshot = await super.storage();
      // The login's page stored the token; once logout emptied the entry, no page puts it back.
      if (!this.emptied) this.stored ??= (await this.attribute('meta[name=api-token]', 'content')) ?? undefined;
      const entry: Record<string, string> = this.stored ? { 'auth-tokens': asJson ? JSON.stringify({ access_token: this.stored, token_type: 'Bearer' }) : this.stored } : {};
      return { origins: snapshot.origins.map((o) => ({ ...o, localStorage: { ...o.localStorage, ...entry } })) };
    }
    override async click(selector: string): Promise<void> {
      if (selector === modelTarget.logout.click) [this.stored, this.emptied] = [undefined, true];
      return super.click(selector);
    }
  };
}

for (const asJson of [false, true]) {
  const form = asJson ? 'as a field of JSON' : 'as itself';
  const Browser = tokenInSharedStorage(asJson);
  const target = { api: { path: '/api/journal', bearerToken: { storage: 'localStorage', key: 'auth-tokens', ...(asJson ? { field: 'access_token' } : {}) } } };

  test(`a token kept ${form} in shared localStorage that logout empties: the other tab sends the token it held while logged in`, async () => {
    const result = await otherTab((portal) => new Browser(portal, BASE_URL), {}, target);
    expect(result.verdict, explain(result)).toBe('passed');
    expect(result.checks).toContainEqual(expect.objectContaining({ outcome: 'passed', check: 'API refuses after logout', seen: `HTTP 401 from ${BASE_URL}/api/journal` }));
  });

  test(`a token kept ${form} in shared localStorage that logout empties but the API still honours is a finding, not a broken run`, async () => {
    const result = await otherTab((portal) => new Browser(portal, BASE_URL), { apiIgnoresLogout: true }, target);
    expect(result.verdict, explain(result)).toBe('failed');
    expect(result.findings.map((f) => f.code)).toEqual(['OTHER_TAB_STILL_AUTHENTICATED']);
  });
}
