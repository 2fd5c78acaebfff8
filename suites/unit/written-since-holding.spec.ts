import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writtenSinceHolding } from '../../drivers/profile/file-times';

// The power-cut wait takes localStorage for written only when the write holds the harness's own change: a
// write of an earlier change that lands after the mark is not enough (conformance:firefox lost a value so).

test('a write since the mark counts only when it holds the value, and an older write never', () => {
  const dir = mkdtempSync(join(tmpdir(), 'written-since-'));
  try {
    const file = join(dir, 'data.sqlite');
    writeFileSync(file, 'k v (the page\'s own earlier change)');
    const now = Date.now();
    utimesSync(file, new Date(now + 1000), new Date(now + 1000));
    expect(writtenSinceHolding([file], now)).toBe(true);
    expect(writtenSinceHolding([file], now, 'written-123-abc')).toBe(false);
    writeFileSync(file, 'k v logout-audit.write-marker written-123-abc');
    utimesSync(file, new Date(now + 2000), new Date(now + 2000));
    expect(writtenSinceHolding([file], now, 'written-123-abc')).toBe(true);
    expect(writtenSinceHolding([file], now + 5000, 'written-123-abc')).toBe(false);
    expect(writtenSinceHolding([join(dir, 'missing')], 0)).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
