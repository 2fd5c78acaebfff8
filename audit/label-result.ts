import * as allure from 'allure-js-commons';
import type { DriverSpec } from '../drivers/driver';
import { engineOf } from '../drivers/audit-browsers';
import type { DefectId } from '../portal/defects';
import { referenceUrl } from '../scenarios/references';
import type { ScenarioDefinition } from '../scenarios/scenario';
import type { Target } from '../targets/target';

/**
 * Labels the running test for Allure before the scenario plays, so even a run that dies midway is filed under
 * its portal (epic), scenario (feature) and parameters, with the references it checks.
 */
export async function labelResult(definition: ScenarioDefinition, target: Target, spec: DriverSpec, defects: DefectId[]): Promise<void> {
  await allure.epic(target.name);
  await allure.feature(definition.id);
  await allure.story(definition.title);
  await allure.description(`${definition.title}.\n\nReferences: ${definition.refs.join(', ')}. Finding codes: ${definition.findingCodes.join(', ')}.`);
  await allure.parameter('browser', spec.browser);
  await allure.parameter('driver', `${spec.backend}:${spec.browser}`);
  await allure.parameter('preset', spec.profile);
  await allure.parameter('persona', spec.persona.id);
  await allure.parameter('engine', engineOf(spec.browser, spec.persona));
  if (spec.persona.userAgent) await allure.label('persona', spec.persona.description);
  if (defects.length > 0) await allure.parameter('portal defects', defects.join(','));
  await allure.severity('critical');
  await allure.tags(...definition.refs);
  for (const ref of definition.refs) await allure.link(referenceUrl(ref), ref);
}
