import categories from './categories.json' with { type: 'json' };
import type { FindingCode } from '../scenarios/verdict';

// One source (categories.json) for allure-playwright's categories.json and Allure 3's own config.

export interface CategoryRule {
  name: string;
  matchedStatuses: ('failed' | 'broken')[];
  messageRegex?: string;
}

const groups = categories.groups as { name: string; codes: FindingCode[] }[];

export const allureCategories: CategoryRule[] = [
  ...groups.map((g) => ({ name: g.name, matchedStatuses: ['failed' as const], messageRegex: `[\\s\\S]*(${g.codes.join('|')})[\\s\\S]*` })),
  { name: categories.undecided, matchedStatuses: ['broken'] },
];

/** Every finding code has a category: a new code without one would land in Allure's generic bucket. */
export const categorisedCodes: ReadonlySet<string> = new Set(groups.flatMap((g) => g.codes));
