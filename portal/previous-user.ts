/**
 * The previous-user-greeting defect's memory of who used the browser last: a persistent cookie holding the
 * username, read back on the public pages. The clean portal never sets it.
 */
import type { Request, Response } from 'express';
import { cookieValue } from './request-cookie';
import { findUser, type JournalEntry } from './users';

export const LAST_USER_COOKIE = 'vp.lastUser';

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export interface PreviousUser {
  name: string;
  /** The two latest journal entries, newest first. */
  latest: readonly JournalEntry[];
}

export function rememberLastUser(res: Response, username: string): void {
  res.cookie(LAST_USER_COOKIE, username, { maxAge: ONE_YEAR_MS, httpOnly: true, sameSite: 'lax', path: '/' });
}

export function previousUser(req: Request): PreviousUser | undefined {
  const username = cookieValue(req, LAST_USER_COOKIE);
  const user = username === undefined ? undefined : findUser(username);
  if (!user) return undefined;
  const latest = [...user.journal].sort((a, b) => b.date.localeCompare(a.date)).slice(0, 2);
  return { name: user.name, latest };
}
