import type { Fixtures } from '@playwright/test';
import type { DefectId } from '../portal/defects';
import { startPortal, type PortalIdpKind, type RunningPortal } from '../portal/start';
import type { ScenarioDefinition } from '../scenarios/scenario';
import { loadTargetFile } from '../targets/define-target';
import { referenceTarget } from '../targets/reference';
import type { Target } from '../targets/target';
import { portalLog } from './portal-log';
import { auditSettings } from './settings';

// The fixtures that give a scenario its target: the embedded reference portal (started by the worker, with the
// test's defects) or the portal a target file describes.

/** What the reference portal's fixtures need from the project and the test (options). */
export interface PortalOptions {
  /** A target file to audit (AUDIT_TARGET, the CLI's --target); empty = the embedded reference portal. */
  targetFile: string;
  /** Defects the embedded reference portal starts with; the audit CLI passes them in AUDIT_PORTAL_DEFECTS. */
  portalDefects: DefectId[];
  /** The embedded portal's identity provider (AUDIT_PORTAL_IDP, the CLI's --portal-idp); SAML defects need no saying. */
  portalIdp: PortalIdpKind;
}

export interface PortalWorkerFixtures {
  /** The worker's reference portals, on ephemeral ports, so workers never share sessions. */
  referencePortals: ReferencePortals;
  /** The target a target file describes, loaded once per worker; undefined for the embedded portal. */
  fileTarget: Target | undefined;
}

export interface PortalFixtures {
  /** The reference portal with the test's defects; none for a target file. */
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

/**
 * The running reference portals of one worker, by idle timeout, all with the same defects. The defects are a
 * test's option (each defect spec names its own), not a worker's: a worker option would start a new worker
 * process for every defect spec file (about 2 s each, some 50 times in npm test), where starting a portal
 * takes about 0.25 s. A test that asks for other defects than the running portals have stops them all first,
 * so no session of one defect's portal is ever seen by a test of another, and a worker holds at most two.
 */
export class ReferencePortals {
  private defects = '';
  private readonly running = new Map<number, Promise<RunningPortal>>();

  async withDefects(defects: readonly DefectId[], idleTimeoutSeconds: number, idp: PortalIdpKind = 'oidc'): Promise<RunningPortal> {
    const wanted = `${idp}:${[...defects].sort().join(',')}`;
    if (wanted !== this.defects) {
      await this.stopAll();
      this.defects = wanted;
    }
    let portal = this.running.get(idleTimeoutSeconds);
    if (!portal) {
      const { portalLogFile, portalMfa } = auditSettings();
      portal = startPortal({ defects: [...defects], ...(idp === 'saml' ? { idp } : {}), idleTimeoutSeconds, log: portalLog(portalLogFile), ...(portalMfa ? { mfa: portalMfa } : {}) });
      this.running.set(idleTimeoutSeconds, portal);
      // A portal that failed to start is not kept: the next test tries again and says why itself.
      portal.catch(() => this.running.delete(idleTimeoutSeconds));
    }
    return portal;
  }

  async stopAll(): Promise<void> {
    const starting = [...this.running.values()];
    this.running.clear();
    const started = await Promise.allSettled(starting);
    for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
  }
}

export const portalFixtures: Fixtures<PortalFixtures, PortalWorkerFixtures, Pick<PortalOptions, 'portalDefects' | 'portalIdp'>, Pick<PortalOptions, 'targetFile'>> = {
  referencePortals: [
    async ({}, use) => {
      const portals = new ReferencePortals();
      await use(portals);
      await portals.stopAll();
    },
    { scope: 'worker' },
  ],
  fileTarget: [async ({ targetFile }, use) => use(targetFile ? await loadTargetFile(targetFile) : undefined), { scope: 'worker' }],
  portal: async ({ referencePortals, fileTarget, portalDefects, portalIdp }, use) =>
    use(fileTarget ? undefined : await referencePortals.withDefects(portalDefects, REFERENCE_IDLE_TIMEOUT_SECONDS, portalIdp)),
  target: async ({ portal, fileTarget }, use) => {
    const target = portal ? referenceTarget(portal) : fileTarget;
    if (!target) throw new Error('no reference portal and no target file: the fixtures lost their target');
    await use(target);
  },
  targetFor: async ({ portal, target, referencePortals, portalDefects, portalIdp }, use) =>
    use(async (definition) => {
      if (!portal || !definition.waitsOutIdleTimeout) return target;
      return referenceTarget(await referencePortals.withDefects(portalDefects, IDLE_SCENARIO_TIMEOUT_SECONDS, portalIdp));
    }),
};
