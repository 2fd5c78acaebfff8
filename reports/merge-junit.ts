// One junit.xml over several shards: the <testsuite> elements of each shard's file (Playwright's JUnit
// reporter) under one <testsuites> root whose counts are the sums. Playwright writes the root's open tag as the
// first line and its close tag as the last, with every attribute value escaped, so the root is all that needs
// reading; the suites are copied byte for byte.

import { MergeRefused } from './merge-runs';

const COUNTS = ['tests', 'failures', 'errors', 'skipped'] as const;

function rootOf(xml: string, source: string): { attributes: Record<string, string>; body: string } {
  const match = /^\s*(?:<\?xml[^>]*\?>\s*)?<testsuites\b([^>]*)>([\s\S]*)<\/testsuites>\s*$/.exec(xml);
  if (!match) throw new MergeRefused(`${source} is not a JUnit file with one <testsuites> root`);
  const attributes = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  return { attributes, body: (match[2] ?? '').trim() };
}

/** files: [source name, content]; sources name a file in the error when one cannot be read. */
export function mergeJunit(files: [source: string, xml: string][]): string {
  const roots = files.map(([source, xml]) => rootOf(xml, source));
  const sum = (name: string) => roots.reduce((total, r) => total + Number(r.attributes[name] ?? 0), 0);
  const attributes = [...COUNTS.map((name) => `${name}="${sum(name)}"`), `time="${sum('time').toFixed(3)}"`].join(' ');
  return [`<testsuites ${attributes}>`, ...roots.map((r) => r.body).filter(Boolean), '</testsuites>'].join('\n');
}

/**
 * An interrupted audit's junit.xml: Playwright files the runs the signal cut as skipped, which a CI test view
 * shows as nothing wrong. One testcase with an <error> is added (and the root's counts with it), so the file
 * itself says the audit did not finish.
 */
export function withInterruption(xml: string, message: string): string {
  const root = rootOf(xml, 'junit.xml');
  const count = (name: string, add: number) => `${name}="${Number(root.attributes[name] ?? 0) + add}"`;
  const attributes = [count('tests', 1), count('failures', 0), count('errors', 1), count('skipped', 0), `time="${root.attributes.time ?? '0'}"`].join(' ');
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const suite = [
    '<testsuite name="logout-audit" tests="1" failures="0" errors="1" skipped="0">',
    `<testcase name="the audit finished" classname="logout-audit"><error message="${escaped}" type="${/^interrupted/.test(message) ? 'INTERRUPTED' : 'HARNESS_ERROR'}"/></testcase>`,
    '</testsuite>',
  ].join('\n');
  return [`<testsuites ${attributes}>`, root.body, suite, '</testsuites>'].filter(Boolean).join('\n');
}
