import type { BrowserProfile } from '../../../drivers/driver';
import { MemoryDriver, type MemoryDriverOptions } from './memory/memory-driver';
import { MemoryPortal, type MemoryBehaviour } from './memory/memory-portal';
import { memoryEvidence } from '../../../evidence/evidence';
import { scenarioById } from '../../../scenarios/catalogue';
import { playRound, type ScenarioDefinition } from '../../../scenarios/scenario';
import type { ScenarioResult } from '../../../scenarios/verdict';
import { parseTarget, type Target } from '../../../targets/target';

// The scenario engine on the in-memory driver and portal model (memory/): real scenarios of the
// catalogue, played by the real play(), judged by the real verdict rules; only the browser and the portal are
// models. What a real browser does with its profile is proven by the audit and defect suites, not here.

export const BASE_URL = 'http://127.0.0.1:9';

export const users = [
  { username: 'tolvan', password: 'pw-tolvan-1', displayName: 'Tolvan Tolvansson' },
  { username: 'nina', password: 'pw-nina-22', displayName: 'Nina Nilsson' },
];

/** The target file that describes the model truly; tests change one field to misdescribe it. */
export const modelTarget = {
  name: 'in-memory portal',
  baseUrl: BASE_URL,
  protectedPaths: ['/mina-sidor'],
  loggedIn: { selector: '[data-testid=personal-data]' },
  loginRequired: { selector: '#password' },
  login: { username: '#username', password: '#password', submit: '#login', remember: '#remember', error: { selector: '#login-error' } },
  logout: { click: '#logout', done: { selector: '#logged-out' }, everywhere: '#logout-everywhere' },
  api: { path: '/api/journal', bearerToken: { selector: 'meta[name=api-token]', attribute: 'content' } },
  users: users.map((u) => ({ id: u.username, ...u })),
  policy: { closeWithoutLogout: 'require-login' as const },
};

export interface Run {
  behaviour?: MemoryBehaviour;
  preset?: BrowserProfile;
  driver?: MemoryDriverOptions;
  /** A portal model of the test's own (a subclass), instead of MemoryPortal with `behaviour`. */
  portal?: MemoryPortal;
  /** Fields of the target file replaced (checked by parseTarget, as a target file is), to describe the model wrongly. */
  target?: Record<string, unknown>;
  /** Told each time the scenario starts a browser besides the user's own (a probe, a second computer). */
  onOtherBrowser?: () => void;
}

export interface Played {
  result: ScenarioResult;
  portal: MemoryPortal;
  steps: string[];
  attachments: { name: string; body: Buffer | string }[];
  /** The scenario's main browser, as play() left it. */
  driver: MemoryDriver;
}

export async function playOnModel(scenarioId: string, run: Run = {}): Promise<Played> {
  const { results, ...played } = await playRoundOnModel([scenarioById(scenarioId)], run);
  return { result: results[0]!, ...played };
}

/**
 * Scenarios played by the real playRound() on one model portal, one result per scenario: several as one shared
 * round (scenarios/shared-round.ts), one as play() plays it.
 */
export async function playRoundOnModel(definitions: readonly ScenarioDefinition[], run: Run = {}): Promise<Omit<Played, 'result'> & { results: ScenarioResult[] }> {
  const portal = run.portal ?? new MemoryPortal(users, run.behaviour);
  const target: Target = parseTarget({ ...modelTarget, ...run.target }, 'the model target');
  const evidence = memoryEvidence();
  const driver = new MemoryDriver(portal, BASE_URL, { ...run.driver, profile: run.preset ?? 'fresh-default' });
  const results = await playRound(definitions, {
    target,
    user: target.users[0]!,
    ...(target.users[1] ? { nextUser: target.users[1] } : {}),
    driver,
    newDriver: () => {
      run.onOtherBrowser?.();
      return new MemoryDriver(portal, BASE_URL);
    },
    evidence,
  });
  return { results, portal, steps: evidence.steps, attachments: evidence.attachments, driver };
}

/** One line per check, for a failure message that says what the engine saw. */
export function explain(result: ScenarioResult): string {
  return [`${result.scenario}: ${result.verdict}${result.reason ? ` (${result.reason})` : ''}`, ...result.checks.map((c) => `  ${c.outcome} ${c.check}: ${c.seen}`)].join('\n');
}
