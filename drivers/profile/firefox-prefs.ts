import type { BrowserProfile } from '../driver';

// The preferences a Firefox profile gets from the harness: the preset's own (what a user sets in Settings)
// and the quiet ones a closed, loopback-only machine needs. Kept apart from the driver so the report and the
// tests can name exactly what was set.

export type PrefValue = string | number | boolean;

/**
 * Firefox's own values of the prefs a preset decides (browser/app/profile/firefox.js in ESR 153). Written out
 * even where they equal the default: Playwright's user.js sets both to the opposite, and the Remote Agent's
 * "recommended preferences" would set resume_from_crash=false wherever the profile has no value of its own.
 */
export const FIREFOX_DEFAULTS = {
  /** 1 = home page; 3 = "Open previous windows and tabs" (Settings > General > Startup). */
  'browser.startup.page': 1,
  /** Crash recovery: after a kill, the next start restores the session, session cookies included. */
  'browser.sessionstore.resume_from_crash': true,
} as const satisfies Record<string, PrefValue>;

/** The profile presets, as a user would set them in Settings. */
export const PRESET_PREFS: Record<BrowserProfile, Record<string, PrefValue>> = {
  'fresh-default': { ...FIREFOX_DEFAULTS },
  'restore-session': { 'browser.startup.page': 3, 'browser.sessionstore.resume_from_crash': true },
};

/**
 * What the harness needs on a closed, loopback-only machine: no first-run or "what's new" pages, no telemetry,
 * update, remote-settings, safe-browsing or captive-portal traffic. None of these changes how cookies, storage
 * or sessions behave.
 */
export const QUIET_PREFS: Record<string, PrefValue> = {
  'browser.aboutwelcome.enabled': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'startup.homepage_welcome_url': 'about:blank',
  'startup.homepage_welcome_url.additional': '',
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.usage.uploadEnabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': 'data:,',
  'app.shield.optoutstudies.enabled': false,
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.update.disabledForTesting': true,
  'app.update.auto': false,
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.region.network.url': '',
  'geo.provider.network.url': '',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.trr.mode': 5,
  'browser.newtabpage.enabled': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false,
  'browser.newtabpage.activity-stream.showSponsoredTopSites': false,
  'browser.topsites.contile.enabled': false,
  'dom.push.connection.enabled': false,
  'identity.fxaccounts.enabled': false,
  'media.gmp-manager.updateEnabled': false,
};

/** `user_pref("name", value);` lines of prefs.js (JSON-compatible values: strings, numbers, booleans). */
export function parsePrefsJs(text: string): Record<string, PrefValue> {
  const prefs: Record<string, PrefValue> = {};
  for (const match of text.matchAll(/^user_pref\(("(?:[^"\\]|\\.)*"),\s*(.+)\);$/gm)) {
    try {
      prefs[JSON.parse(match[1] ?? '""') as string] = JSON.parse(match[2] ?? 'null') as PrefValue;
    } catch {
      // a value JSON cannot read: not one of ours
    }
  }
  return prefs;
}
