import { expect, test } from '@playwright/test';
import { allureCategories, categorisedCodes } from '../../reports/categories';
import { scenarioCatalogue } from '../../scenarios/catalogue';
import { findingCodes } from '../../scenarios/verdict';

test('every finding code lands in a named report category', () => {
  expect(findingCodes.filter((code) => !categorisedCodes.has(code))).toEqual([]);
});

test('every finding code is reported by some scenario, and scenarios report only known codes', () => {
  const reported = new Set(scenarioCatalogue.flatMap((s) => s.findingCodes));
  expect(findingCodes.filter((code) => !reported.has(code))).toEqual([]);
});

test('broken results are filed as "Harness could not decide", never as a product category', () => {
  const broken = allureCategories.filter((c) => c.matchedStatuses.includes('broken'));
  expect(broken.map((c) => c.name)).toEqual(['Harness could not decide']);
  const message = 'SESSION_SURVIVED_RESTART: after logout and a browser restart ...';
  const matching = allureCategories.filter((c) => c.messageRegex && new RegExp(c.messageRegex).test(message));
  expect(matching.map((c) => c.name)).toEqual(['Session survives a browser restart, reboot or crash']);
});
