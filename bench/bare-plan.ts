// The bare playwright-core script (bench/bare-scenarios.ts) for a whole planned list of runs, as a command of
// its own: it starts the embedded portal, plays each run's bare counterpart with the run's persona and preset,
// and exits. bench/plan-cpu.ts measures it from start to exit beside the audit command for the same plan.
// Usage: tsx bench/bare-plan.ts '<JSON array of planned runs>'
import { z } from 'zod';
import { personaById } from '../drivers/personas';
import { startPortal, type RunningPortal } from '../portal/start';
import { bareLogoutCloseRelaunch, bareLogoutReplay, bareLogoutRevisit, type BareOptions } from './bare-scenarios';

export const plannedRunSchema = z.object({ scenario: z.string(), browser: z.string(), preset: z.string(), persona: z.string() });
export type PlannedRun = z.infer<typeof plannedRunSchema>;

/** The bare script drives Chromium only (bench/bare-scenarios.ts), so the plan it is measured against is asked for it. */
export const BARE_BROWSERS = 'chromium';

/** The scenarios a bare counterpart exists for: the only ones a plan measured against the bare script may hold. */
export const BARE_COUNTERPARTS: Record<string, (portal: RunningPortal, options: BareOptions) => Promise<void>> = {
  'logout-revisit': bareLogoutRevisit,
  'logout-close-relaunch': bareLogoutCloseRelaunch,
  'logout-replay': bareLogoutReplay,
};

/** The runs `audit --list` printed, one `scenario<TAB>browser<TAB>preset<TAB>persona` line each. */
export function plannedRuns(listing: string): PlannedRun[] {
  return listing
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((fields) => fields.length === 4)
    .map(([scenario, browser, preset, persona]) => plannedRunSchema.parse({ scenario, browser, preset, persona }));
}

async function main(runs: PlannedRun[]): Promise<void> {
  for (const run of runs) {
    if (!BARE_COUNTERPARTS[run.scenario] || run.browser !== BARE_BROWSERS) throw new Error(`bare-plan: no bare counterpart for ${run.scenario} in ${run.browser}`);
  }
  const portal = await startPortal({ idleTimeoutSeconds: 900 });
  try {
    for (const run of runs) {
      const persona = personaById(run.persona);
      await BARE_COUNTERPARTS[run.scenario]!(portal, { ...(persona.userAgent ? { userAgent: persona.userAgent } : {}), restoreSession: run.preset === 'restore-session' });
    }
  } finally {
    await portal.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main(z.array(plannedRunSchema).min(1).parse(JSON.parse(process.argv[2] ?? '[]')));
}
