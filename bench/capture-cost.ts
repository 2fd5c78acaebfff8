// What one step's evidence costs: each part of captureState timed on its own (page state, cookie jar, storage
// of the open tabs' origins, HTTP exchange, screenshot as PNG and as JPEG), then the whole capture, full and
// light, on a logged-in page of the reference portal. Run alone with `npx tsx bench/capture-cost.ts`;
// `npm run bench` includes it.
import { createDriver } from '../drivers';
import type { AuditDriver, DriverSpec } from '../drivers/driver';
import { personas } from '../drivers/personas';
import { startPortal } from '../portal/start';
import { captureState, memoryEvidence } from '../evidence/evidence';
import { play } from '../scenarios/scenario';
import { login, openProtectedPage } from '../scenarios/steps';
import { referenceTarget } from '../targets/reference';
import { stats, timed, type Stats } from './stats';

type Part = (driver: AuditDriver) => Promise<unknown>;

/** Only the Playwright driver takes screenshot options; this reaches its page for the PNG/JPEG comparison. */
function pageOf(driver: AuditDriver): { screenshot(o: object): Promise<Buffer> } {
  return (driver as unknown as { requirePage(): { screenshot(o: object): Promise<Buffer> } }).requirePage();
}

const parts: Record<string, Part> = {
  pageState: (d) => d.pageState(),
  cookies: (d) => d.cookies(),
  storage: (d) => d.storage(),
  exchanges: (d) => d.takeExchanges(),
  screenshotPng: (d) => pageOf(d).screenshot({ type: 'png' }),
  screenshotJpeg: (d) => pageOf(d).screenshot({ type: 'jpeg', quality: 70 }),
  driverScreenshot: (d) => d.screenshot(),
  captureState: (d) => captureState(d, memoryEvidence(), 'bench'),
  // A step that decided nothing: names only, no screenshot (scenarios/scenario.ts verdictRestsHere).
  captureLight: (d) => captureState(d, memoryEvidence(), 'bench', 'light'),
};

export interface CaptureCost {
  partsMs: Record<string, Stats>;
  screenshotBytes: { png: number; jpeg: number; driver: number };
}

/** Each part `rounds` times, interleaved part by part so a load spike hits every part alike. */
export async function captureCost(spec: DriverSpec, rounds: number): Promise<CaptureCost> {
  const portal = await startPortal({ idleTimeoutSeconds: 900 });
  const target = referenceTarget(portal);
  const driver = createDriver(spec);
  try {
    const setUp = await play(
      { id: 'bench-capture', title: 'logged in on the protected page', refs: [], findingCodes: [], requires: [], steps: [login(), openProtectedPage()] },
      { target, user: target.users[0]!, driver, newDriver: () => createDriver(spec), evidence: memoryEvidence() },
    );
    // The set-up checks nothing about logout, so its verdict is always broken ("proved nothing"); what it must
    // have seen is the login and the personal data (premises), and no failing step.
    const premises = setUp.checks.filter((c) => c.outcome === 'premise').length;
    if (setUp.verdict !== 'broken' || !setUp.reason?.includes('proved nothing') || premises === 0)
      throw new Error(`capture-cost set-up failed: ${setUp.reason ?? setUp.verdict} (${premises} premises seen)`);
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(parts).map((k) => [k, []]));
    for (let i = 0; i < rounds; i++) {
      for (const [name, part] of Object.entries(parts)) samples[name]!.push(await timed(() => part(driver)));
    }
    const [png, jpeg, own] = await Promise.all([parts.screenshotPng!(driver), parts.screenshotJpeg!(driver), driver.screenshot()]);
    return {
      partsMs: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)])),
      screenshotBytes: { png: (png as Buffer).length, jpeg: (jpeg as Buffer).length, driver: own.length },
    };
  } finally {
    await driver.dispose();
    await portal.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const spec: DriverSpec = { backend: 'playwright', browser: 'chromium', profile: 'fresh-default', persona: personas.default };
  console.log(JSON.stringify(await captureCost(spec, Number(process.env.BENCH_ROUNDS ?? 10)), null, 2));
}
