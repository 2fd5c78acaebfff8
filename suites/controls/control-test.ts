import type { AuditCookie, AuditDriver } from '../../drivers/driver';
import type { ScenarioResult } from '../../scenarios/verdict';
import type { Target } from '../../targets/target';
import { expect } from '../../audit/fixtures';

export { expect, test } from '../../audit/fixtures';

// Each spec here describes the reference portal (or drives it) wrongly in one way, so that one positive control
// cannot hold, and expects the scenario to be broken with CONTROL_FAILED, never passed: the refusal the scenario
// sees after logout would otherwise be taken for a logout that works.

export function expectControlFailed(result: ScenarioResult, what: RegExp): void {
  expect({ verdict: result.verdict, findings: result.findings }, `${result.scenario} must be broken, not passed`).toEqual({ verdict: 'broken', findings: [] });
  expect(result.reason).toMatch(/^CONTROL_FAILED/);
  expect(result.reason).toMatch(what);
}

/** The target with some fields replaced (a misdescribed portal). */
export function describedAs(change: (target: Target) => Partial<Target>): (target: Target) => Target {
  return (target) => ({ ...target, ...change(target) });
}

/**
 * A real driver whose cookie injection drops what `keeps` rejects: a fresh browser that does not send the copied
 * cookies as the original browser did (a session bound to something the copy lacks looks the same from here).
 */
export function injectingOnly(keeps: (cookie: AuditCookie) => boolean): (driver: AuditDriver) => AuditDriver {
  return (real) =>
    new Proxy(real, {
      get(target, key) {
        if (key === 'addCookies') return (cookies: AuditCookie[]) => target.addCookies(cookies.filter(keeps));
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
}

/** A real driver with one operation replaced; `replace` gets the real driver to call through to. */
export function replacingOperation<K extends keyof AuditDriver>(
  name: K,
  replace: (real: AuditDriver) => AuditDriver[K],
): (driver: AuditDriver) => AuditDriver {
  return (real) =>
    new Proxy(real, {
      get(target, key) {
        if (key === name) return replace(target);
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
}
