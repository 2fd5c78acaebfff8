import logoutCloseRelaunch from './logout-close-relaunch';
import logoutReboot from './logout-reboot';
import logoutReplay from './logout-replay';
import logoutRevisit from './logout-revisit';
import type { ScenarioDefinition } from './scenario';

export const scenarioCatalogue: readonly ScenarioDefinition[] = [logoutRevisit, logoutCloseRelaunch, logoutReboot, logoutReplay];

export function scenarioById(id: string): ScenarioDefinition {
  const found = scenarioCatalogue.find((s) => s.id === id);
  if (!found) throw new Error(`unknown scenario "${id}": use one of ${scenarioCatalogue.map((s) => s.id).join(', ')}`);
  return found;
}

/** Parses a comma list ("logout-revisit,logout-replay"); empty means the whole catalogue. */
export function selectScenarios(list: string | undefined): ScenarioDefinition[] {
  if (!list?.trim()) return [...scenarioCatalogue];
  return list.split(',').map((id) => scenarioById(id.trim()));
}
