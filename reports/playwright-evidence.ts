import { test, type TestInfo } from '@playwright/test';
import { redactedBody, type EvidenceSink } from './evidence';
import { redactText } from './redact';

/** Evidence as Playwright Test steps and attachments, which allure-playwright turns into Allure steps. */
export function playwrightEvidence(testInfo: TestInfo): EvidenceSink {
  return {
    step: (title, body) => test.step(redactText(title), body),
    attach: async (name, body, contentType) => {
      await testInfo.attach(redactText(name), { body: redactedBody(body, contentType), contentType });
    },
  };
}
