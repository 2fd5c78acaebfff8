import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sinceText } from './changes';
import { runKey, type Summary } from './summary';

// The report shows what the summary says changed: each audit result in allure-results gets a tag
// "new since 2026-12-05 02:17 UTC" (or still, fixed, newly undecided), a `change` label to filter on, and
// "accepted until <date>" when its findings are accepted. Labels, not parameters: Allure's history identifies a
// test by its parameters, and a change mark must not start a new history line every night.

interface AllureLabel {
  name: string;
  value: string;
}
interface AllureResult {
  labels?: AllureLabel[];
  parameters?: { name: string; value: string }[];
}

/** Adds the change and acceptance labels of `summary` to every audit result file of `resultsDir`. */
export function labelChanges(resultsDir: string, summary: Summary): number {
  if (!summary.changes || !existsSync(resultsDir)) return 0;
  const since = summary.changes.since ? `since ${sinceText(summary.changes.since)}` : 'on the first run of this plan';
  const byKey = new Map(summary.results.map((e) => [runKey(e), e]));
  let labelled = 0;
  for (const name of readdirSync(resultsDir).filter((n) => n.endsWith('-result.json'))) {
    const path = join(resultsDir, name);
    const result = JSON.parse(readFileSync(path, 'utf8')) as AllureResult;
    const label = (n: string) => result.labels?.find((l) => l.name === n)?.value;
    const parameter = (n: string) => result.parameters?.find((p) => p.name === n)?.value;
    const [target, scenario, driver, preset, persona] = [label('epic'), label('feature'), parameter('driver'), parameter('preset'), parameter('persona')];
    if (!target || !scenario || !driver || !preset || !persona) continue; // not an audit result
    const entry = byKey.get(runKey({ target, scenario, driver, preset, persona, browser: '' }));
    if (!entry?.change) continue;
    const added: AllureLabel[] = [
      { name: 'change', value: entry.change },
      { name: 'tag', value: `${entry.change} ${since}` },
      ...(entry.accepted ?? []).map((a) => ({ name: 'tag', value: `accepted until ${a.expires}: ${a.code}` })),
    ];
    const kept = (result.labels ?? []).filter((l) => l.name !== 'change' && !(l.name === 'tag' && / since |^accepted until | on the first run /.test(l.value)));
    writeFileSync(path, JSON.stringify({ ...result, labels: [...kept, ...added] }));
    labelled += 1;
  }
  return labelled;
}
