// The same browser steps as the harness's logout-revisit, logout-close-relaunch and logout-replay, written as a
// bare playwright-core script: no driver, no evidence, no verdict, no profile-process checks. It launches
// Debian's Chromium as drivers/playwright/playwright-chromium.ts does (same executable, flags, persistent profile), so
// the harness's time divided by this one is what the harness adds. Used by bench/run.ts only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Cookie, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../drivers/browsers';
import { writeRestoreSessionPreference } from '../drivers/profile/chromium-profile';
import type { RunningPortal } from '../portal/start';

/** What a planned run varies besides its scenario: the persona's User-Agent and the profile preset. */
export interface BareOptions {
  userAgent?: string;
  /** "Continue where you left off", written before the first launch, as the restore-session preset does. */
  restoreSession?: boolean;
}

const PERSONAL_DATA = '[data-testid=personal-data]';
const LOGIN_FORM = 'form#login input[name=password]';

function launch(dir: string, options: BareOptions): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    executablePath: findChromium().path,
    headless: true,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
}

async function withProfile<T>(options: BareOptions, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bare-'));
  if (options.restoreSession) writeRestoreSessionPreference(dir);
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/** Opens the protected page and waits for the personal data or the login form; returns which. */
async function visit(page: Page, portal: RunningPortal): Promise<'logged-in' | 'login-required'> {
  await page.goto(`${portal.portalUrl}/mina-sidor`);
  const shown = await Promise.race([
    page.locator(PERSONAL_DATA).waitFor().then(() => 'logged-in' as const),
    page.locator(LOGIN_FORM).waitFor().then(() => 'login-required' as const),
  ]);
  return shown;
}

async function logIn(page: Page, portal: RunningPortal): Promise<void> {
  const user = portal.users[0]!;
  if ((await visit(page, portal)) !== 'login-required') throw new Error('bare: no login form');
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click('#sign-in');
  await page.locator(PERSONAL_DATA).waitFor();
}

async function logOut(page: Page): Promise<void> {
  await page.click('#logout');
  await page.locator('#logged-out').waitFor();
}

function expectLoginRequired(seen: string): void {
  if (seen !== 'login-required') throw new Error(`bare: expected the login form after logout, saw ${seen}`);
}

export async function bareLogoutRevisit(portal: RunningPortal, options: BareOptions = {}): Promise<void> {
  await withProfile(options, async (dir) => {
    const context = await launch(dir, options);
    try {
      const page = await firstPage(context);
      await logIn(page, portal);
      await visit(page, portal);
      await logOut(page);
      expectLoginRequired(await visit(page, portal));
    } finally {
      await context.close();
    }
  });
}

export async function bareLogoutCloseRelaunch(portal: RunningPortal, options: BareOptions = {}): Promise<void> {
  await withProfile(options, async (dir) => {
    const first = await launch(dir, options);
    const page = await firstPage(first);
    await logIn(page, portal);
    await visit(page, portal);
    await logOut(page);
    await first.close();
    const again = await launch(dir, options);
    try {
      expectLoginRequired(await visit(await firstPage(again), portal));
    } finally {
      await again.close();
    }
  });
}

/** A new context of the probe browser holding only `cookies`, on the protected page: what it showed. */
async function withOnly(probe: Browser, portal: RunningPortal, cookies: Cookie[], options: BareOptions): Promise<string> {
  const context = await probe.newContext(options.userAgent ? { userAgent: options.userAgent } : {});
  try {
    await context.addCookies(cookies);
    return await visit(await context.newPage(), portal);
  } finally {
    await context.close();
  }
}

export async function bareLogoutReplay(portal: RunningPortal, options: BareOptions = {}): Promise<void> {
  await withProfile(options, async (dir) => {
    const context = await launch(dir, options);
    // As the harness does: the copied jars are tried in new contexts of one probe browser.
    let probe: Browser | undefined;
    const probeBrowser = async () => (probe ??= await chromium.launch({ executablePath: findChromium().path, headless: true, args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--disable-back-forward-cache'] }));
    try {
      const page = await firstPage(context);
      await logIn(page, portal);
      await visit(page, portal);
      const jar = await context.cookies();
      const portalJar = jar.filter((c) => c.domain === new URL(portal.portalUrl).hostname);
      const idpJar = jar.filter((c) => c.domain === new URL(portal.idpUrl).hostname);
      if ((await withOnly(await probeBrowser(), portal, portalJar, options)) !== 'logged-in') throw new Error('bare: the copied portal cookies did not open the page');
      if ((await withOnly(await probeBrowser(), portal, idpJar, options)) !== 'logged-in') throw new Error('bare: the copied IdP cookies did not sign in');
      await logOut(page);
      expectLoginRequired(await withOnly(await probeBrowser(), portal, portalJar, options));
      expectLoginRequired(await withOnly(await probeBrowser(), portal, idpJar, options));
    } finally {
      await context.close();
      await probe?.close();
    }
  });
}
