import type { Persona } from './driver';
import { InputError } from '../errors/audit-error';

// IE11 on Windows 10 as it identifies itself; servers that branch on "Trident/" or "MSIE" (the 1177 Vårdguiden
// logout defect did) take the IE path for this. A persona runs in Chromium: it catches User-Agent branching
// on the server, never IE's own cookie or cache behaviour, and reports say so.
const IE11_USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko';

export const personas = {
  default: { id: 'default', description: "the browser's own User-Agent" },
  ie11: {
    id: 'ie11',
    userAgent: IE11_USER_AGENT,
    imitates: 'Internet Explorer 11',
    description: 'Chromium sending an Internet Explorer 11 User-Agent (persona, not a real IE)',
  },
} as const satisfies Record<string, Persona>;

export type PersonaId = keyof typeof personas;
export const personaIds = Object.keys(personas) as PersonaId[];

export function personaById(id: string): Persona {
  const persona = (personas as Record<string, Persona>)[id];
  if (!persona) throw new InputError(`unknown persona "${id}": use one of ${personaIds.join(', ')}`);
  return persona;
}
