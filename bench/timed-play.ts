// The harness's play() with a stopwatch on where its time goes: starting and ending browsers (launch, close,
// relaunch, dispose), evidence capture (from the capture's request for the HTTP exchange, which only
// captureState makes, to its last attachment: the parts are read side by side, so that span is the capture's
// wall time, with or without a screenshot), and the rest, which is navigation and waiting for pages.
import { createDriver, createProbeSource, wrappedProbes } from '../drivers';
import type { AuditDriver, DriverSpec } from '../drivers/driver';
import { memoryEvidence, type EvidenceSink } from '../evidence/evidence';
import { play, type ScenarioDefinition } from '../scenarios/scenario';
import type { Target } from '../targets/target';

const LIFECYCLE = new Set(['launch', 'relaunch', 'close', 'dispose', 'reboot', 'powerCut']);

export interface TimedPlay {
  ms: number;
  verdict: string;
  lifecycleMs: number;
  captureMs: number;
  navigationAndWaitsMs: number;
}

export async function timedPlay(scenario: ScenarioDefinition, target: Target, spec: DriverSpec): Promise<TimedPlay> {
  let lifecycleMs = 0;
  let captureMs = 0;
  let captureStarted: number | undefined;
  let captureEnded: number | undefined;
  const endCapture = () => {
    if (captureStarted !== undefined && captureEnded !== undefined) captureMs += captureEnded - captureStarted;
    captureStarted = captureEnded = undefined;
  };
  const watched = (driver: AuditDriver): AuditDriver =>
    new Proxy(driver, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const started = performance.now();
          if (property === 'takeExchanges') {
            endCapture();
            captureStarted = started;
          }
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            if (LIFECYCLE.has(String(property))) lifecycleMs += performance.now() - started;
          }
        };
      },
    });
  const memory = memoryEvidence();
  const evidence: EvidenceSink = {
    redactor: memory.redactor,
    step: memory.step,
    async attach(name, body, contentType) {
      // A capture's own attachments (evidence/evidence.ts captureState); a step's attachJson is not capture.
      if (/: (state|state unchanged|http|screenshot|screenshot unchanged|screenshot unavailable)$/.test(name) && captureStarted !== undefined) captureEnded = performance.now();
      await memory.attach(name, body, contentType);
    },
  };
  const driver = watched(createDriver(spec));
  const started = performance.now();
  const result = await play(scenario, { target, user: target.users[0]!, driver, newDriver: () => watched(createDriver(spec)), probes: wrappedProbes(createProbeSource(spec), watched), evidence });
  await driver.dispose();
  endCapture();
  const ms = performance.now() - started;
  return { ms, verdict: result.verdict, lifecycleMs, captureMs, navigationAndWaitsMs: ms - lifecycleMs - captureMs };
}
