// Proof under load (not part of the test command): the clean reference audit and the defect specs, run while
// CPU-bound busy loops, twice as many as the machine has cores, compete for every core. A verdict must not
// depend on how fast the machine is: the clean audit must exit 0 and every catalogued defect must be caught.
// Writes out/under-load.json and prints one line per part. Usage: npm run proof:under-load [-- --loops N]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { loops: { type: 'string' }, out: { type: 'string', default: 'out' } } });
const loops = values.loops ? Number(values.loops) : availableParallelism() * 2;
const outDir = resolve(values.out);
// The busy loops end themselves after this long even if this script is killed: no load is left behind.
const LOOP_LIFETIME_S = 3600;

function startBusyLoop(): ChildProcess {
  const source = `const end = Date.now() + ${LOOP_LIFETIME_S * 1000}; let x = 0; while (Date.now() < end) { x = (x + 1) % 1e9; }`;
  return spawn(process.execPath, ['-e', source], { stdio: 'ignore' });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ exit: number; seconds: number }> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => done({ exit: code ?? 2, seconds: (Date.now() - started) / 1000 }));
  });
}

const busy = Array.from({ length: loops }, startBusyLoop);
const stopLoad = () => busy.forEach((b) => b.kill('SIGKILL'));
process.on('exit', stopLoad);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

console.log(`under-load: ${loops} busy loops on ${availableParallelism()} cores`);
const auditOut = join(outDir, 'under-load-audit');
const audit = await run('npx', ['tsx', 'cli/audit.ts', '--out', auditOut]);
const summary = JSON.parse(readFileSync(join(auditOut, 'summary.json'), 'utf8')) as { totals: Record<string, number> };
const defects = await run('npx', ['playwright', 'test', '--project=defects:chromium'], { AUDIT_OUT: join(outDir, 'under-load-defects') });
stopLoad();

const result = {
  measuredAt: new Date().toISOString(),
  cores: availableParallelism(),
  busyLoops: loops,
  cleanAudit: { exit: audit.exit, seconds: audit.seconds, totals: summary.totals },
  defectSpecs: { exit: defects.exit, seconds: defects.seconds },
};
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'under-load.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`under-load: clean audit exit ${audit.exit} in ${audit.seconds.toFixed(0)} s (${JSON.stringify(summary.totals)}); defect specs exit ${defects.exit} in ${defects.seconds.toFixed(0)} s`);
process.exitCode = audit.exit === 0 && defects.exit === 0 ? 0 : 1;
