import type { AuditBrowser, BrowserRecord } from './browser-record';
import type { AuditDriver, DriverCapabilities, DriverOptions, DriverSpec, Persona, ProbeSource } from './driver';
import { chromiumBrowser } from './playwright/browsers/chromium';
import { firefoxBrowser } from './playwright/browsers/firefox';
import { edgeIeModeBrowser } from './webdriver/browsers/edge-ie-mode';
import { internetExplorerBrowser } from './webdriver/browsers/internet-explorer';
import { seleniumChromiumBrowser } from './webdriver/browsers/selenium-chromium';
import { webkitBrowser } from './webkitgtk/browsers/webkit';
import { InputError } from '../errors/audit-error';

// The browsers an audit can name (`--browsers`, AUDIT_BROWSERS), each one Playwright Test project: one record per
// browser, each under its backend's folder (drivers/<engine>/browsers/<id>.ts, drivers/browser-record.ts says
// what a record holds). This list is the composition root's (with drivers/index.ts): adding a browser is
// writing its record and naming it here, and the CLI, the config, the preflight, the reports and the drivers'
// creation all take it from here. The order is --help's and the report's.

const BROWSERS: readonly AuditBrowser[] = [chromiumBrowser, firefoxBrowser, webkitBrowser, seleniumChromiumBrowser, internetExplorerBrowser, edgeIeModeBrowser];

export function auditBrowsers(): AuditBrowser[] {
  return [...BROWSERS];
}

export function auditBrowserById(id: string): AuditBrowser {
  const found = BROWSERS.find((b) => b.id === id);
  if (!found) throw new InputError(`unknown browser "${id}": use one of ${BROWSERS.map((b) => b.id).join(', ')}`);
  return found;
}

/** The setup.sh flags that install what these browsers need beyond Chromium (which setup always ensures). */
export function setupFlagsFor(browsers: AuditBrowser[]): string[] {
  return [...new Set(browsers.flatMap((b) => (b.setupFlag ? [b.setupFlag] : [])))];
}

/**
 * Which browser really rendered a run, in words for reports: an IE result must say plainly whether a real IE
 * gave it or another engine sending IE's User-Agent (issue #5).
 */
export function engineOf(browser: string, persona: Persona): string {
  const realEngine = BROWSERS.find((b) => b.browser === browser)?.realEngine;
  if (realEngine) return realEngine;
  if (!persona.userAgent) return browser;
  const imitated = persona.imitates ?? `the ${persona.id} persona`;
  return `${browser} sending ${imitated}'s User-Agent (a persona, not a real ${imitated})`;
}

/** A record's functions applied to one spec of its backend. */
export interface SpecBrowser {
  capabilities(): DriverCapabilities;
  impossibleRun(): string | undefined;
  create(options: DriverOptions): AuditDriver;
  probes(options: DriverOptions): ProbeSource;
}

function applied<S extends DriverSpec>(record: BrowserRecord<S>, spec: S): SpecBrowser {
  return {
    capabilities: () => record.capabilities(spec),
    impossibleRun: () => record.impossibleRun?.(spec),
    create: (options) => record.create(spec, options),
    // Without probes of its own: a new browser on a new profile with browser defaults for each.
    probes: (options) => record.probes?.(spec, options) ?? { next: () => record.create({ ...spec, profile: 'fresh-default' }, options), close: async () => undefined },
  };
}

/** The record of `backend`'s `browser`; an InputError naming the ids that drive that browser when it has none. */
export function browserRecordOf(backend: DriverSpec['backend'], browser: DriverSpec['browser']): AuditBrowser {
  const found = BROWSERS.find((b) => b.backend === backend && b.browser === browser);
  if (found) return found;
  const ids = BROWSERS.filter((b) => b.browser === browser).map((b) => b.id);
  throw new InputError(`the ${backend} backend has no ${browser} here${ids.length > 0 ? `: use --browsers ${ids.join(' or ')}` : ''}`);
}

/** The record that drives `spec`, applied to it. */
export function browserFor(spec: DriverSpec): SpecBrowser {
  const record = browserRecordOf(spec.backend, spec.browser);
  if (record.backend === 'playwright' && spec.backend === 'playwright') return applied(record, spec);
  if (record.backend === 'selenium' && spec.backend === 'selenium') return applied(record, spec);
  throw new Error(`${record.id} is not driven by the ${spec.backend} backend`); // browserRecordOf matched the backend
}
