import { RebootHookError } from '../../drivers/profile/reboot-hook';
import { delay } from '../../drivers/wait';
import type { AuditCookie, RestartReport } from '../../drivers/driver';
import type { ScenarioContext, Step } from '../scenario';
import { controls } from '../controls';
import { BrokenError, NothingToTest } from '../verdict';
import { judgeVisit } from './expect-login';
import { names, openWithOnly, openWithOnlyStorage } from './fresh-browser-probe';
import { cookielessLogin, cookieValuesHeldSinceLoginForm, describeEntries, readLoginTraces, replayableEntries, type HeldCookieValue, type LoginTraces, type StorageEntry } from './login-traces';
import { readBrowserData } from './browser-holdings';
import { recognisePage } from './page-kind';
import { sawLoggedIn } from './session-clock';

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** The jar once the browser had written it to disk, before logout: what a power cut could bring back. */
    jarOnDisk: AuditCookie[];
    /** The pre-logout cookies the browser brought back after the power cut. */
    revivedCookies: AuditCookie[];
    /** What the login held before logout, every value of it: what a power cut could bring back. */
    heldBeforeLogout: HeldBeforeLogout;
    /** The login's pre-logout localStorage entries the browser brought back after the power cut. */
    revivedStorage: StorageEntry[];
    /** When the wait saw the login written to disk (epoch ms): a later write may hold the logged-out state. */
    storedOnDiskAt: number;
    /** Whether the browser wrote its store again between that and the power cut (unknown where it cannot tell). */
    writtenBeforeCut: boolean;
  }
}

/**
 * Every value the login's traces took while logged in. A session cookie rewritten on every response (a sliding
 * expiry) has many, and the browser may have written any of them to disk: each is a pre-logout credential.
 */
interface HeldBeforeLogout {
  cookies: HeldCookieValue[];
  /** The login's localStorage entries, each value seen while logged in. */
  storage: StorageEntry[];
  /** Set when the login keeps no session cookie: why (cookielessLogin); then its localStorage is what can come back. */
  cookieless?: string;
}

async function asBrowserStep<T>(action: () => Promise<T>, what: string): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new BrokenError('BROWSER_FAILED', `${what}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** A clean exit, as a user closing the last window: the browser writes what it keeps to the profile. */
export function closeBrowser(): Step {
  return { title: 'close the browser', run: (ctx) => asBrowserStep(() => ctx.driver.close(), 'the browser did not close cleanly') };
}

/** Start the browser again on the same profile, as the next person at the computer would. */
export function relaunchBrowser(): Step {
  return { title: 'open the browser again', run: (ctx) => asBrowserStep(() => ctx.driver.relaunch(), 'the browser did not start again') };
}

/**
 * Restart the computer: SIGTERM then SIGKILL of every process holding the profile (what an OS shutdown
 * does; Chromium skips pending writes on SIGTERM), the browser's temp dir wiped, the browser started again.
 */
export function rebootComputer(): Step {
  return {
    title: 'restart the computer and open the browser',
    run: async (ctx) => recordRestart(ctx, await restartStep(ctx, () => ctx.driver.reboot(), 'the reboot failed')),
  };
}

/** A failed reboot hook's report (exit, masked output) is the evidence of why the run is broken. */
async function restartStep(ctx: ScenarioContext, restart: () => Promise<RestartReport>, what: string): Promise<RestartReport> {
  return asBrowserStep(async () => {
    try {
      return await restart();
    } catch (error) {
      if (error instanceof RebootHookError) await ctx.attachJson('the failed hook', error.report);
      throw error;
    }
  }, what);
}

/** The restart is evidence too: which processes were ended and how, or what the operator's hook did. */
async function recordRestart(ctx: ScenarioContext, report: RestartReport): Promise<void> {
  await ctx.attachJson('how the browser was ended', report);
  ctx.premise(`the browser was ended as a ${report.action} ends it`, describeRestart(report));
}

function describeRestart(report: RestartReport): string {
  if (report.method === 'hook' && report.hook) {
    return `the operator's ${report.action} hook exited ${report.hook.exitCode} after ${(report.hook.durationMs / 1000).toFixed(1)} s; the old session ${report.oldSession ?? 'was not asked'}`;
  }
  if (report.action === 'power-cut') return `SIGKILL at once to ${report.killed.length} process(es) of the profile, on this machine`;
  return `SIGTERM to ${report.terminated.length} process(es) of the profile, ${report.killed.length} more needed SIGKILL, on this machine`;
}

/** The longest a browser may take to write its cookie store (Chromium commits every ~30 s; measured). */
const FLUSH_BOUND_MS = 45_000;
/** How often the user "keeps reading" while waiting, so an idle timeout cannot end the session meanwhile. */
const ACTIVITY_EVERY_MS = 3_000;

/**
 * The localStorage entry the harness sets while it waits for the browser to write localStorage, and removes
 * after. Chromium and Firefox write localStorage about 5 s after a change, and never for a change that cancels
 * out (measured: docs/findings/browser-persistence.md), so "written since the wait began" is only certain to
 * come, and to hold what the login stored, after a real change. Its removal may still be unwritten at the
 * power cut, so it can come back with the rest: it is not the portal's, and no finding names it.
 */
export const WRITE_MARKER_KEY = 'logout-audit.write-marker';

/** A value long enough to be told apart in the profile's files: a token, not a flag such as "1" or "true". */
const TELLABLE_LENGTH = 16;

/** What in the profile's localStorage files shows that the login's entries are on disk. */
interface LocalStorageWait {
  /** The login's own values, where each can be told apart in the files (a token): all there, in any file. */
  values: string[];
  /** The write marker's value, set at the start of the wait: in a file written since. */
  marker: string;
}

/**
 * What to look for on disk to know the login's localStorage of the open page's origin is there: the login's own
 * values, where each can be told apart in the files (a token came into being with the login, so any file
 * holding it was written since), or the write marker, set now, in a file written since the wait began (a page
 * that replaces its token on every load may never have the value first seen written). Nothing when the login
 * stored nothing there: what the login page gives every visitor (a flag) is not what a power cut must bring
 * back, and waiting for it would wait on Chromium's rate of localStorage commits (the k-th commit of an origin
 * comes no sooner than k minutes after its storage opened), not on the login.
 */
async function localStorageToWaitFor(ctx: ScenarioContext, traces: LoginTraces): Promise<LocalStorageWait | undefined> {
  const { url } = await ctx.driver.pageState();
  const origin = new URL(url).origin;
  const entries = replayableEntries(traces).filter((e) => e.origin === origin);
  if (entries.length === 0) return undefined;
  // Distinct per run: a write counts only when it holds this value, never an earlier marker's.
  const marker = `written-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  await ctx.driver.setLocalStorage(WRITE_MARKER_KEY, marker);
  return { values: entries.every((e) => e.value.length >= TELLABLE_LENGTH) ? entries.map((e) => e.value) : [], marker };
}

/**
 * Waits until the browser has written its cookie store, and the localStorage the login stored on the open page's
 * origin, to the profile after login (detected from the files, bounded), while the user keeps reading the
 * protected page; a login without a session cookie gives the cookie store nothing to write, so there only its
 * localStorage is waited for. Only then can a power cut right after logout bring the pre-logout state back, which is what
 * the power-cut scenario tests; without the wait its verdict would hang on how fast the machine got there
 * (a token stored at login, lost to a power cut 4 s later, was seen to let a defect pass).
 */
export function waitForCookieStoreOnDisk(): Step {
  return {
    title: 'keep reading until the browser has written its cookies and localStorage to disk',
    async run(ctx) {
      const since = Date.now();
      const deadline = since + FLUSH_BOUND_MS;
      let lastActivity = since;
      const tracesBefore = await readLoginTraces(ctx);
      // A login without a session cookie gives the cookie store nothing to write: its localStorage is the wait.
      const cookieless = cookielessLogin(ctx.target, tracesBefore);
      // A browser that holds cookie changes back (Chromium: 30 s) is asked to write them now; the wait below
      // still decides, from the file on disk, that the store was written.
      if (!cookieless) await ctx.driver.commitCookieStore?.();
      const stored = await localStorageToWaitFor(ctx, tracesBefore);
      if (cookieless && stored === undefined) {
        throw new BrokenError('PRECONDITION', `${cookieless}, but the login stored nothing in the localStorage of the open page's origin to wait for`);
      }
      const cookiesWritten = () => cookieless !== undefined || ctx.driver.cookieStoreWrittenSince(since);
      const storageWritten = () =>
        stored === undefined ||
        (stored.values.length > 0 && stored.values.every((v) => ctx.driver.webStorageWrittenSince(0, v))) ||
        ctx.driver.webStorageWrittenSince(since, stored.marker);
      const written = () => cookiesWritten() && storageWritten();
      while (!written()) {
        if (Date.now() > deadline) {
          // A login that lives in its cookies is tested by them alone when the browser holds back the page's
          // localStorage: Chromium spaces an origin's commits by minutes once it has written several (phpMyAdmin's
          // pages store UI preferences on every load), so the wait would end broken on a correct portal.
          if (cookiesWritten() && !cookieless) {
            ctx.notApplicable(
              'localStorage brought back by the power cut',
              `the browser did not write the page's localStorage within ${FLUSH_BOUND_MS / 1000} s (Chromium delays an origin's commits once it has written several); the login lives in its cookies, which the power cut tests`,
            );
            break;
          }
          // A login that lives in localStorage alone, which the browser holds back: a power cut now would lose it,
          // so there is nothing to bring back and nothing to test (Chromium commits an origin's k-th change no
          // sooner than k minutes after its storage opened; an editor that writes on every load waits minutes).
          if (cookieless && stored !== undefined) {
            throw new NothingToTest(
              'login brought back by the power cut',
              `${cookieless}, and the browser did not write it to disk within ${FLUSH_BOUND_MS / 1000} s (Chromium spaces an origin's localStorage commits by minutes once it has written several): a power cut would lose it, so it cannot bring it back`,
            );
          }
          const what = cookiesWritten() ? 'localStorage' : 'cookie store';
          throw new BrokenError('BROWSER_FAILED', `the browser did not write its ${what} within ${FLUSH_BOUND_MS / 1000} s`);
        }
        if (Date.now() - lastActivity > ACTIVITY_EVERY_MS) {
          await ctx.driver.reload();
          lastActivity = Date.now();
          if ((await recognisePage(ctx.driver, ctx.target)) !== 'logged-in') {
            throw new BrokenError('PRECONDITION', 'the protected page stopped showing the personal data while waiting for the cookie store');
          }
          sawLoggedIn(ctx);
        }
        await delay(200);
      }
      ctx.memory.set('storedOnDiskAt', Date.now());
      if (stored) await ctx.driver.setLocalStorage(WRITE_MARKER_KEY, null);
      const jar = await ctx.driver.cookies();
      ctx.memory.set('jarOnDisk', jar);
      const tracesAfter = await readLoginTraces(ctx);
      // The login's session cookies, when it has any: a constant cookie every visitor gets (a test cookie) coming
      // back would be no pre-logout credential, and no control.
      const sessionNames = new Set([...tracesBefore.cookies, ...tracesAfter.cookies].map((c) => c.name));
      const values = await cookieValuesHeldSinceLoginForm(ctx, jar);
      ctx.memory.set('heldBeforeLogout', {
        cookies: sessionNames.size > 0 ? values.filter((v) => sessionNames.has(v.name)) : values,
        storage: [...replayableEntries(tracesBefore), ...replayableEntries(tracesAfter)],
        ...(cookieless ? { cookieless } : {}),
      });
    },
  };
}

/**
 * Power cut within a second of logout: SIGKILL of every browser process, nothing gets written; then power on.
 * Between the two, while the profile holds what the cut left, notes whether the browser wrote its store again
 * after the login was seen on disk: such a write may hold the logged-out state (Firefox writes every ~15 s,
 * Chromium every ~30 s), and then it is the machine's speed, not the portal, that left nothing to revive.
 */
export function cutPowerAndRestart(): Step {
  return {
    title: 'cut the power at once and start the computer and the browser again',
    async run(ctx) {
      const since = ctx.memory.get('storedOnDiskAt');
      const held = ctx.memory.get('heldBeforeLogout');
      const noteWrites = () => {
        if (since === undefined) return;
        const written = held?.cookieless ? ctx.driver.webStorageWrittenSince(since) : ctx.driver.cookieStoreWrittenSince(since);
        ctx.memory.set('writtenBeforeCut', written);
      };
      await recordRestart(ctx, await restartStep(ctx, () => ctx.driver.powerCut(noteWrites), 'the power cut failed'));
    },
  };
}

/** Nothing came back: the reason, which names the machine's speed where the browser wrote its store again before the cut. */
function nothingRevived(ctx: ScenarioContext, what: string): BrokenError {
  if (ctx.memory.get('writtenBeforeCut') === true) {
    return new BrokenError(
      'CUT_CAME_LATE',
      `the browser brought back none of ${what}, and it had written its store again after the login was on disk and before the power cut: logout and the cut took longer than the browser's write interval on this machine, so the logged-out state was on disk (run again on a less loaded machine, or with fewer --workers)`,
    );
  }
  return new BrokenError('PRECONDITION', `the browser brought back none of ${what}: a server-side check is not possible this way`);
}

/**
 * After the power cut: which of the pre-logout cookies did the browser bring back (any value one held while
 * logged in), or, of a login without a session cookie, which of its localStorage entries? If none, the revisit
 * cannot show whether the server refuses a revived session, so the scenario is broken rather than passed. A
 * browser that reloads its restored tab on its own (Firefox) has sent them, and had them replaced by the
 * server's answer, before any step runs: there the driver reads them from where the browser restored them.
 */
export function findRevivedCookies(): Step {
  return {
    title: 'see which pre-logout cookies or localStorage entries the browser brought back',
    async run(ctx) {
      const held = ctx.memory.get('heldBeforeLogout');
      if (!held) throw new BrokenError('PRECONDITION', 'nothing noted before logout: wait for the cookie store on disk first');
      if (held.cookieless) {
        const revived = await revivedStorage(ctx, held.storage);
        if (revived.length === 0) throw nothingRevived(ctx, `the login's localStorage entries (${held.cookieless})`);
        ctx.memory.set('revivedStorage', revived);
        ctx.control(controls.revived, describeEntries(revived));
        return;
      }
      const restored = ctx.driver.restoredCookies?.() ?? [];
      const now = await ctx.driver.cookies();
      const preLogout = (c: AuditCookie) => held.cookies.some((h) => h.name === c.name && h.value === c.value);
      const revived = [...restored.filter(preLogout).map((c) => ({ c, where: 'restored at start' })), ...now.filter(preLogout).map((c) => ({ c, where: 'in the jar' }))];
      if (revived.length === 0) throw nothingRevived(ctx, 'the pre-logout cookies');
      const seen = [...new Set(revived.map(({ c, where }) => `${c.name}@${c.domain} (${where})`))];
      ctx.memory.set('revivedCookies', revived.map(({ c }) => c));
      ctx.control(controls.revived, seen.join(', '));
    },
  };
}

/** The login's localStorage entries that hold, after the restart, a value they held while logged in. */
async function revivedStorage(ctx: ScenarioContext, held: readonly StorageEntry[]): Promise<StorageEntry[]> {
  const revived: StorageEntry[] = [];
  for (const origin of new Set(held.map((e) => e.origin))) {
    // Read through a page of its own that runs none of the portal's scripts, which could rewrite the entries.
    const storage = await ctx.driver.storageOf(origin);
    for (const [key, value] of Object.entries(storage?.localStorage ?? {})) {
      if (held.some((h) => h.origin === origin && h.key === key && h.value === value)) revived.push({ origin, area: 'localStorage', key, value });
    }
  }
  return revived;
}

/** What the browser holds besides cookies on the portal's origins: where else a login can come back from. */
async function otherHoldings(ctx: ScenarioContext): Promise<string> {
  // The login's origins, each read even where no tab shows it (storage() reads only the open tabs' origins).
  const held = (await readBrowserData(ctx)).origins.flatMap((o) => [
    ...Object.keys(o.localStorage).filter((k) => k !== WRITE_MARKER_KEY).map((k) => `localStorage "${k}" on ${o.origin}`),
    ...Object.keys(o.sessionStorage).map((k) => `sessionStorage "${k}" on ${o.origin}`),
  ]);
  return held.length > 0 ? held.join(', ') : 'no web storage entry (look at the evidence of the restart)';
}

/**
 * After the power cut the revisit must end on the login form. When it does not, the finding names what let the
 * user in, by what the server did with the revived cookies alone in a brand-new browser: they were accepted (the
 * server never ended the session), or refused, and then what the browser holds besides them brought the user back.
 */
export function expectLoginRequiredAfterCrash(): Step {
  return {
    title: 'expect a new login to be required',
    async run(ctx) {
      const visit = ctx.memory.get('visit');
      if (!visit) throw new BrokenError('PRECONDITION', 'no visit to judge: revisit the protected page first');
      const words = { check: 'login required', control: controls.revived } as const;
      if (visit.kind !== 'logged-in' || !ctx.driver.capabilities.injectCookies) {
        judgeVisit(ctx, visit, 'SESSION_REVIVED_AFTER_CRASH', words);
        return;
      }
      const storage = ctx.memory.get('revivedStorage');
      if (storage) {
        const alone = await openWithOnlyStorage(ctx, storage, 'what let the user in: the revived localStorage alone in a fresh browser');
        const message =
          alone.kind === 'logged-in'
            ? `after logout and a power cut the browser revived ${describeEntries(storage)} and the server accepted it: logout did not end the session on the server`
            : `after logout and a power cut the user was let in again, though the revived ${describeEntries(storage)} alone was refused: what let them in is among ${await otherHoldings(ctx)}`;
        judgeVisit(ctx, visit, 'SESSION_REVIVED_AFTER_CRASH', { ...words, message });
        return;
      }
      const revived = ctx.memory.get('revivedCookies') ?? [];
      const probe = await openWithOnly(ctx, revived, 'what let the user in: the revived cookies alone in a fresh browser');
      const message =
        probe.kind === 'logged-in'
          ? `after logout and a power cut the browser revived ${names(revived)} and the server accepted them: logout did not end the session on the server`
          : `after logout and a power cut the user was let in again, though the revived cookies alone (${names(revived)}) were refused: what let them in is among ${await otherHoldings(ctx)}`;
      judgeVisit(ctx, visit, 'SESSION_REVIVED_AFTER_CRASH', { ...words, message });
    },
  };
}
