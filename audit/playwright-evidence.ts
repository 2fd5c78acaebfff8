import * as allure from 'allure-js-commons';
import { test, type TestInfo } from '@playwright/test';
import type { ScenarioResult } from '../scenarios/verdict';
import type { EvidenceSink } from '../evidence/evidence';
import { createRedactor, type Redactor } from '../evidence/redact';

/**
 * Evidence as Playwright Test steps and attachments, which allure-playwright turns into Allure steps. One sink
 * per run, with the run's own Redactor (a new one unless given): what one test learnt to be secret is not
 * another's to know.
 */
export function playwrightEvidence(testInfo: TestInfo, redactor: Redactor = createRedactor()): EvidenceSink {
  return {
    redactor,
    // A step that fails hands its error to Playwright, which writes it into the step's result as it ends
    // (Allure shows it: "no usable element for selector … at …/interaction/<id>"). By then the step's own
    // state capture has registered the cookies it saw, so the error is redacted on its way out.
    step: (title, body) =>
      test.step(redactor.text(title), async () => {
        try {
          return await body();
        } catch (error) {
          throw redactor.error(error);
        }
      }),
    attach: async (name, body, contentType) => {
      await testInfo.attach(redactor.text(name), { body: redactor.body(body, contentType), contentType });
    },
  };
}

/**
 * Attaches a run's verdict through the same choke point as every other attachment, and returns the verdict
 * as attached: a secret learnt after a check was written (oidc-provider's interaction id, a cookie value
 * that is also a URL path segment) is masked in it too, and the test fails with that redacted text. `redactor`
 * is the run's (its sink's), which learnt the run's secrets.
 */
export async function attachVerdict(testInfo: TestInfo, result: ScenarioResult, redactor: Redactor): Promise<ScenarioResult> {
  const body = redactor.text(JSON.stringify(result, null, 2));
  await testInfo.attach('verdict', { body, contentType: 'application/json' });
  // The result's stable code where CI reads results: a JUnit <property name="code"> and an Allure label.
  if (result.code) {
    testInfo.annotations.push({ type: 'code', description: result.code });
    await allure.label('code', result.code);
  }
  return JSON.parse(body) as ScenarioResult;
}
