import { procStat } from '../drivers/proc';

// The audit CLI starts Playwright's runner in a process group of its own (cli/audit.ts), so that a signal
// reaches it once. If the CLI itself is killed outright (kill -9, an OOM kill), nothing forwards anything: the
// runner would go on with the audit alone, launching browsers for runs whose verdicts nobody will read. So the
// runner watches its parent, and interrupts itself when it has been handed to another (the CLI is gone); its
// fixtures then end every browser and delete every profile, as after Ctrl-C.

/** How often the runner looks at its parent: a bound on the browsers a dead CLI's runner may still start. */
const WATCH_MS = 250;

/**
 * Called by playwright.config.ts, which the runner and each worker load: only the CLI's own child, the runner,
 * watches (a worker ends with its runner). `cliPid` is the CLI's process (settings.cliPid).
 */
export function endWithCli(cliPid: number): void {
  const parent = procStat(process.pid)?.ppid;
  if (parent !== cliPid) return; // a worker, or no /proc to watch with
  const timer = setInterval(() => {
    // process.ppid is read once at start by Node; /proc tells the parent now.
    if (procStat(process.pid)?.ppid === parent) return;
    clearInterval(timer);
    console.error('logout-audit: the audit command is gone; stopping the browsers and deleting their profiles');
    process.kill(process.pid, 'SIGINT');
  }, WATCH_MS);
  timer.unref();
}
