import { expect, test } from '@playwright/test';
import { Status } from 'allure-js-commons';
import { allureStatusFor } from '../../reports/allure-verdict-status';

// The rule behind the report's colours, for the cases one audit run cannot stage: a run is failed only for a
// finding and passed only when the verdict and Playwright agree; anything else the harness could not decide.

test('a finding is failed and an undecided run is broken, whatever Playwright recorded', () => {
  expect(allureStatusFor(Status.FAILED, 'failed')).toBe(Status.FAILED);
  expect(allureStatusFor(Status.FAILED, 'broken')).toBe(Status.BROKEN);
});

test('a test that ended without a verdict (crash, timeout) is broken, never failed', () => {
  expect(allureStatusFor(Status.FAILED, undefined)).toBe(Status.BROKEN);
  expect(allureStatusFor(Status.BROKEN, undefined)).toBe(Status.BROKEN);
  expect(allureStatusFor(Status.PASSED, undefined)).toBe(Status.BROKEN);
});

test('a passed or skipped verdict stands only when the test itself passed or was skipped', () => {
  expect(allureStatusFor(Status.PASSED, 'passed')).toBe(Status.PASSED);
  expect(allureStatusFor(Status.SKIPPED, 'skipped')).toBe(Status.SKIPPED);
  expect(allureStatusFor(Status.SKIPPED, undefined)).toBe(Status.SKIPPED);
  // a teardown error after the verdict: Playwright failed the test, the verdict said passed
  expect(allureStatusFor(Status.FAILED, 'passed')).toBe(Status.BROKEN);
});
