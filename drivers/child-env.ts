// The environment a browser or driver process started by this layer is given: this process's own, passed on
// whole (PATH, HOME, locale, a desktop's DISPLAY) with what the driver sets for it (its TMPDIR, its display).
// Beside the reboot hook's configuration this is the one place drivers/ touches process.env, and nothing is
// read from it for a setting: the settings (audit/settings.ts) reach the drivers as arguments (DriverSpec,
// DriverOptions). suites/unit/environment-readers.spec.ts holds drivers/ and reports/ to that.

/** This process's environment with `overrides` on top, for a child process or a browser launch. */
export function childEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
