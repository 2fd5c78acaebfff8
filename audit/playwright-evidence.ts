import { test, type TestInfo } from '@playwright/test';
import type { ScenarioResult } from '../scenarios/verdict';
import { redactedBody, type EvidenceSink } from '../evidence/evidence';
import { redactError, redactText } from '../evidence/redact';

/** Evidence as Playwright Test steps and attachments, which allure-playwright turns into Allure steps. */
export function playwrightEvidence(testInfo: TestInfo): EvidenceSink {
  return {
    // A step that fails hands its error to Playwright, which writes it into the step's result as it ends
    // (Allure shows it: "no usable element for selector … at …/interaction/<id>"). By then the step's own
    // state capture has registered the cookies it saw, so the error is redacted on its way out.
    step: (title, body) =>
      test.step(redactText(title), async () => {
        try {
          return await body();
        } catch (error) {
          throw redactError(error);
        }
      }),
    attach: async (name, body, contentType) => {
      await testInfo.attach(redactText(name), { body: redactedBody(body, contentType), contentType });
    },
  };
}

/**
 * Attaches a run's verdict through the same choke point as every other attachment, and returns the verdict
 * as attached: a secret learnt after a check was written (oidc-provider's interaction id, a cookie value
 * that is also a URL path segment) is masked in it too, and the test fails with that redacted text.
 */
export async function attachVerdict(testInfo: TestInfo, result: ScenarioResult): Promise<ScenarioResult> {
  const body = redactedBody(JSON.stringify(result, null, 2), 'application/json') as string;
  await testInfo.attach('verdict', { body, contentType: 'application/json' });
  return JSON.parse(body) as ScenarioResult;
}
