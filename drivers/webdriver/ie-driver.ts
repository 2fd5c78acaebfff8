import type { AuditCookie, DriverOptions, HttpExchange, SeleniumDriverSpec } from '../driver';
import { DriverError } from '../driver-error';
import { InputError } from '../../errors/audit-error';
import { IE_LIMITS, seleniumDeployment } from './selenium-deployment';
import { SeleniumSession } from './selenium-session';

// Internet Explorer 11 and Edge in IE mode through IEDriverServer, on a Windows grid node only
// (docs/windows-grid.md). Classic WebDriver and nothing more: no CDP, no BiDi, no network events.

const IE_NAMES: Partial<Record<SeleniumDriverSpec['browser'], string>> = { 'internet-explorer': 'Internet Explorer 11', 'edge-ie-mode': 'Edge in IE mode' };

/**
 * A run a real IE cannot make as asked, with the reason (the audit skips it with that reason, never runs
 * something else in its place): it sends its own User-Agent, and "restore the last session" is its own setting
 * on the Windows node, which the harness does not reach.
 */
export function ieRunNotPossible(spec: Pick<SeleniumDriverSpec, 'browser' | 'persona' | 'profile'>): string | undefined {
  const ie = IE_NAMES[spec.browser];
  if (!ie) return undefined;
  if (spec.persona.userAgent) return `a real ${ie} sends its own User-Agent: the ${spec.persona.id} persona is for other engines`;
  if (spec.profile === 'restore-session') {
    return `restore-session is ${ie}'s own setting on the Windows node ("Start with tabs from the last session"), which the harness does not write: set it on a node of its own and audit that node with fresh-default (docs/windows-grid.md)`;
  }
  return undefined;
}

/** IE lives on a Windows grid node, never on this machine: without a grid the audit stops before any run. */
export function requireWindowsGrid(id: string, gridUrl: string | undefined): void {
  if (!gridUrl) throw new InputError(`${id} runs only on a Windows grid node: pass --grid URL of a grid that has one (docs/windows-grid.md)`);
}

/**
 * IE keeps cookies, cache and history per Windows user (WinINet), not per session: a new session is a relaunch
 * on the same "profile", which is what the close/relaunch scenarios need.
 */
export class IeDriver extends SeleniumSession {
  constructor(spec: SeleniumDriverSpec, options: DriverOptions = {}) {
    if (!IE_NAMES[spec.browser]) throw new Error(`IeDriver drives internet-explorer and edge-ie-mode, not ${spec.browser}`);
    if (!spec.gridUrl) {
      throw new DriverError('NOT_SUPPORTED', `${spec.browser} runs only on a Windows grid node: pass gridUrl (see docs/windows-grid.md)`);
    }
    const impossible = ieRunNotPossible(spec);
    if (impossible) throw new DriverError('NOT_SUPPORTED', impossible);
    super(spec, seleniumDeployment(spec), options);
  }

  protected async documentStatus(): Promise<null> {
    return null; // IEDriverServer reports no responses
  }

  async cookies(): Promise<AuditCookie[]> {
    return this.documentCookies();
  }

  async addCookies(): Promise<void> {
    throw new DriverError('NOT_SUPPORTED', `${this.name} cannot write cookies of other origins: ${IE_LIMITS.injectCookies}`);
  }

  cookieStoreWrittenSince(): boolean {
    return false; // capabilities.limits.cookieStoreObservable
  }

  webStorageWrittenSince(): boolean {
    return false; // the profile is on the Windows node
  }

  async takeExchanges(): Promise<HttpExchange[]> {
    return []; // capabilities.limits.httpExchanges
  }

  async allExchanges(): Promise<HttpExchange[]> {
    return [];
  }
}
