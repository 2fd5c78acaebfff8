import type { Fixtures } from '@playwright/test';
import type { DefectId } from '../portal/defects';
import { startPortal, type RunningPortal } from '../portal/start';
import type { ScenarioDefinition } from '../scenarios/scenario';
import { loadTargetFile } from '../targets/define-target';
import { referenceTarget } from '../targets/reference';
import type { Target } from '../targets/target';
import { portalLog } from './portal-log';
import { auditSettings } from './settings';

// The worker fixtures that give a scenario its target: the embedded reference portal (one per worker, with the
// project's defects) or the portal a target file describes.

/** What the reference portal's fixtures need from the project (options) and give to the runner. */
export interface PortalOptions {
  /** A target file to audit (AUDIT_TARGET, the CLI's --target); empty = the embedded reference portal. */
  targetFile: string;
  /** Defects the embedded reference portal starts with; the audit CLI passes them in AUDIT_PORTAL_DEFECTS. */
  portalDefects: DefectId[];
}

export interface PortalFixtures {
  /** One reference portal per worker, on ephemeral ports, so workers never share sessions; none for a target file. */
  portal: RunningPortal | undefined;
  target: Target;
  /** The target a scenario runs against: the idle-timeout scenario gets a portal of its own (see below). */
  targetFor: (definition: ScenarioDefinition) => Promise<Target>;
}

/**
 * The embedded portal's idle timeouts. No verdict of the reference audit may hang on how fast the machine is: a
 * session that ends by idle timeout during a scenario makes a logout check unable to tell logout from timeout
 * (refused as TOO_SLOW, scenarios/steps/session-clock.ts), and on a loaded runner that happened to many runs with
 * a 15 s timeout. So every scenario gets a portal whose timeout no scenario comes near (15 min; a test times out
 * long before), and the one scenario that waits out the timeout on purpose gets a portal of its own, started
 * with the same defects, whose short timeout keeps it quick. Only the gap between its login and its first visit
 * of the protected page has to stay below that timeout.
 */
const REFERENCE_IDLE_TIMEOUT_SECONDS = 900;
const IDLE_SCENARIO_TIMEOUT_SECONDS = 10;

function startReferencePortal(defects: DefectId[], idleTimeoutSeconds: number): Promise<RunningPortal> {
  return startPortal({ defects, idleTimeoutSeconds, log: portalLog(auditSettings().portalLogFile) });
}

export const portalFixtures: Fixtures<{}, PortalFixtures, {}, PortalOptions> = {
  portal: [
    async ({ portalDefects, targetFile }, use) => {
      if (targetFile) return use(undefined);
      const portal = await startReferencePortal(portalDefects, REFERENCE_IDLE_TIMEOUT_SECONDS);
      await use(portal);
      await portal.stop();
    },
    { scope: 'worker' },
  ],
  target: [
    async ({ portal, targetFile }, use) => use(portal ? referenceTarget(portal) : await loadTargetFile(targetFile)),
    { scope: 'worker' },
  ],
  targetFor: [
    async ({ portal, target, portalDefects }, use) => {
      let idlePortal: Promise<RunningPortal> | undefined;
      await use(async (definition) => {
        if (!portal || !definition.waitsOutIdleTimeout) return target;
        idlePortal ??= startReferencePortal(portalDefects, IDLE_SCENARIO_TIMEOUT_SECONDS);
        return referenceTarget(await idlePortal);
      });
      if (idlePortal) await (await idlePortal).stop();
    },
    { scope: 'worker' },
  ],
};
