// Example reboot hook for the loopback grid of grid/start-grid.ts, whose node runs on this machine: it does to
// the node's browser what the Selenium driver does to a local one (drivers/profile/processes.ts), so the hook path of the
// harness is proven on a real grid here before anyone points it at a Windows VM.
//
//   AUDIT_REBOOT_HOOK='node --import tsx scripts/hooks/loopback-node-reboot.ts'   (from the project root)
//
// reboot: SIGTERM to every process holding $AUDIT_HOOK_PROFILE_DIR, a grace period, SIGKILL for the rest.
// power-cut: SIGKILL at once. Exit 0 when none is left, 1 when one survived or none was found, 2 on bad input.
// The grid node and chromedriver stay up: the harness quits the (now browserless) session afterwards.

import { isAbsolute } from 'node:path';
import { cutPower, profileProcesses, shutDownLikeAReboot } from '../../drivers/profile/processes';

function fail(code: number, message: string): never {
  console.error(`loopback-node-reboot: ${message}`);
  process.exit(code);
}

const action = process.env.AUDIT_HOOK_ACTION ?? '';
const profileDir = process.env.AUDIT_HOOK_PROFILE_DIR ?? '';
if (action !== 'reboot' && action !== 'power-cut') fail(2, `AUDIT_HOOK_ACTION must be reboot or power-cut, got "${action}"`);
// Processes are matched by the dir appearing in their command line: "/" or "/tmp" would match half the machine.
if (!isAbsolute(profileDir) || profileDir.split('/').filter(Boolean).length < 3) {
  fail(2, `AUDIT_HOOK_PROFILE_DIR must be an absolute profile path at least 3 levels deep, got "${profileDir}"`);
}
// A hook command that names the dir as an argument (instead of reading the variable) would match itself.
if (profileProcesses(profileDir).includes(process.pid)) {
  fail(2, 'this hook\'s own command line names the profile dir: read it from $AUDIT_HOOK_PROFILE_DIR, do not pass it as an argument');
}

const report = action === 'reboot' ? await shutDownLikeAReboot(profileDir) : await cutPower(profileDir);
console.log(
  `${action} of ${profileDir} (node ${process.env.AUDIT_HOOK_NODE_URI || 'unknown'}, session ${process.env.AUDIT_HOOK_SESSION_ID ?? '?'}): ` +
    `SIGTERM to ${report.terminated.length}, SIGKILL to ${report.killed.length} processes`,
);
if (report.survivors.length > 0) fail(1, `processes ${report.survivors.join(', ')} survived SIGKILL`);
// The harness asks the old session afterwards too; this says it first, and says why.
if (report.terminated.length + report.killed.length === 0) fail(1, `no process held ${profileDir}: nothing was ended`);
