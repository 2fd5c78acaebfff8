// Soak (not part of the test command): the clean reference audit and the reference portal's defect catalogue,
// N times over, counted the way an auditor would ask: did the clean portal ever get a finding (a false
// finding), did any defect ever go unseen (a missed defect), did the harness ever fail to decide (broken)?
// Usage: npm run soak -- N   (default 1). Writes out/soak.json; exits 1 on any false finding, missed defect or
// broken run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DefectMatrix } from '../reports/defect-matrix';
import type { Summary } from '../reports/summary';

const rounds = Number(process.argv[2] ?? '1');
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`soak: the number of rounds must be a positive whole number, got "${process.argv[2]}" (e.g. npm run soak -- 3)`);
  process.exit(2);
}
const outDir = resolve(process.env.SOAK_OUT ?? 'out/soak');

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((done) => {
    const child = spawn('npx', args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => done(code ?? 2));
  });
}

function readJson<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

const tally = { runs: 0, falseFindings: 0, missedDefects: 0, broken: 0 };
const notes: string[] = [];
for (let round = 1; round <= rounds; round++) {
  const auditOut = join(outDir, `round-${round}-audit`);
  await run(['tsx', 'cli/audit.ts', '--out', auditOut]);
  const summary = readJson<Summary>(join(auditOut, 'summary.json'));
  if (!summary) {
    tally.broken += 1;
    notes.push(`round ${round}: the clean audit wrote no summary.json`);
  } else {
    tally.runs += summary.results.length;
    for (const entry of summary.results) {
      const where = `round ${round}: ${entry.scenario} · ${entry.browser} · ${entry.preset} · ${entry.persona}`;
      if (entry.verdict === 'failed') {
        tally.falseFindings += 1;
        notes.push(`${where}: false finding ${entry.findings.map((f) => f.code).join(', ')}`);
      } else if (entry.verdict === 'broken') {
        tally.broken += 1;
        notes.push(`${where}: broken (${entry.reason ?? 'no reason'})`);
      }
    }
  }

  const defectsOut = join(outDir, `round-${round}-defects`);
  const defectsExit = await run(['playwright', 'test', '--project=defects:chromium'], { AUDIT_OUT: defectsOut });
  const matrix = readJson<DefectMatrix>(join(defectsOut, 'defect-matrix.json'));
  if (!matrix) {
    tally.broken += 1;
    notes.push(`round ${round}: the defect specs wrote no defect-matrix.json (exit ${defectsExit})`);
    continue;
  }
  for (const defect of matrix.defects) {
    tally.runs += defect.caughtBy.length + defect.missed.length;
    if (defect.missed.length > 0) {
      tally.missedDefects += defect.missed.length;
      notes.push(`round ${round}: ${defect.id} not caught (missed, or the run could not decide) by ${defect.missed.map((m) => `${m.scenario} (${m.code})`).join(', ')}`);
    }
  }
  if (defectsExit !== 0 && matrix.defects.every((d) => d.missed.length === 0)) {
    tally.broken += 1;
    notes.push(`round ${round}: a defect spec failed without a missed catch (a clean counter-check or the harness): exit ${defectsExit}`);
  }
}

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'soak.json'), `${JSON.stringify({ rounds, ...tally, notes, finishedAt: new Date().toISOString() }, null, 2)}\n`);
for (const note of notes) console.log(`soak: ${note}`);
console.log(`soak: ${tally.runs} runs, ${tally.falseFindings} false findings, ${tally.missedDefects} missed defects, ${tally.broken} broken`);
process.exitCode = tally.falseFindings + tally.missedDefects + tally.broken === 0 ? 0 : 1;
