import type { Redactor } from '../../evidence/redact';
import type { RestartReport } from '../driver';
import type { HookAction } from './hook-types';
import { RebootHookError, runRebootHook } from './reboot-hook';

// The three ways a reboot or power cut can end a browser, one per place it runs: by signals to the profile's
// processes on this machine; by the operator's hook on a grid node, whose processes are out of reach (a VM
// restart, an ssh command: docs/windows-grid.md); or not at all, where neither is possible (then the driver's
// capabilities say why and the scenarios that need it are skipped). ProfileLifecycle (lifecycle.ts) does the rest.

export type Ending =
  | { by: 'signals' }
  | { by: 'hook'; subject: HookSubject }
  | {
      by: 'none';
      /** Why not: the driver's capabilities.limits.killProcesses. */
      why: string;
    };

/** The session a hook ends, as the grid knows it. */
export interface HookSubject {
  gridUrl: string;
  browser: string;
  /** The profile dir as the node sees it ('' where the browser has none of its own, as IE). */
  nodeProfileDir: string;
  /** The open session and the node that runs it, looked up while the grid still knows it ('' when none is open). */
  where(): Promise<{ sessionId: string; nodeUri?: string }>;
  /** What the old session does when asked for its URL after the hook: 'answered …' means its browser still runs. */
  askOldSession(): Promise<string>;
}

/**
 * A grid node's reboot: the operator's command ends the browser (or restarts the machine) while the session
 * is still open; quitting first would be a clean exit that writes everything a reboot must not let it write.
 * The node is looked up before, while the grid still knows the session. Afterwards the old session is asked
 * for its URL: a browser that still answers was not ended, and the quit that follows would be a clean close
 * passing for a reboot (a hook that does nothing, or ends the wrong machine), so that is refused.
 */
export async function endByHook(action: HookAction, subject: HookSubject, redactor: Pick<Redactor, 'text'>): Promise<RestartReport> {
  const { sessionId, nodeUri } = await subject.where();
  const hook = await runRebootHook({
    action,
    sessionId,
    gridUrl: subject.gridUrl,
    ...(nodeUri ? { nodeUri } : {}),
    profileDir: subject.nodeProfileDir,
    browser: subject.browser,
    // The hook's own configuration and environment stay runRebootHook's default (reboot-hook.ts): a bad one
    // makes only the runs that reboot broken.
  }, undefined, redactor);
  const oldSession = await subject.askOldSession();
  if (oldSession.startsWith('answered')) {
    throw new RebootHookError(
      `the ${action} hook exited 0 but the old browser session still ${oldSession}: the hook did not end the browser ` +
        '(does it reach the right node? see docs/windows-grid.md §8)',
      hook,
    );
  }
  return { action, method: 'hook', terminated: [], killed: [], hook, oldSession };
}
