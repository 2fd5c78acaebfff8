import closeWithoutLogout from './close-without-logout';
import cookieAttributes from './cookie-attributes';
import idleTimeout from './idle-timeout';
import logoutBackButton from './logout-back-button';
import logoutCloseRelaunch from './logout-close-relaunch';
import logoutEverywhere from './logout-everywhere';
import logoutOtherTab from './logout-other-tab';
import logoutPowerCut from './logout-power-cut';
import logoutReboot from './logout-reboot';
import logoutRememberMe from './logout-remember-me';
import logoutReplay from './logout-replay';
import logoutTokenReplay from './logout-token-replay';
import logoutRevisit from './logout-revisit';
import logoutSsoSilent from './logout-sso-silent';
import logoutStorageResidue from './logout-storage-residue';
import type { ScenarioDefinition } from './scenario';
import sessionRotation from './session-rotation';
import sharedComputer from './shared-computer';
import { InputError } from '../errors/audit-error';

const scenarios = [
  logoutRevisit,
  logoutCloseRelaunch,
  logoutReboot,
  logoutPowerCut,
  closeWithoutLogout,
  logoutRememberMe,
  logoutReplay,
  logoutTokenReplay,
  logoutSsoSilent,
  logoutBackButton,
  logoutStorageResidue,
  logoutOtherTab,
  logoutEverywhere,
  sharedComputer,
  sessionRotation,
  cookieAttributes,
  idleTimeout,
] as const;

/** A scenario id of the catalogue, e.g. 'logout-revisit': checked by tsc wherever one is named (portal/defects.ts). */
export type ScenarioId = (typeof scenarios)[number]['id'];

/** The scenario catalogue (README, "What an audit does"), in the order a report reads best: the core logout first. */
export const scenarioCatalogue: readonly ScenarioDefinition[] = scenarios;

export function scenarioById(id: string): ScenarioDefinition {
  const found = scenarioCatalogue.find((s) => s.id === id);
  if (!found) throw new InputError(`unknown scenario "${id}": use one of ${scenarioCatalogue.map((s) => s.id).join(', ')}`);
  return found;
}
