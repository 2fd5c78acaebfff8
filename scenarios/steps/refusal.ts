// One rule, shared by every scenario, for whether a server still honoured something after logout. Real
// applications refuse in many ways: 401 or 403, a 400 ("invalid token"), a redirect to their login, even a 500
// from a handler that expected a user. None of those lets anyone in, so none may leave a run undecided; and only
// a 2xx hands something over, so only a 2xx is taken as accepted. A page visit has one more refusal: the login
// form shown in its place (recognisePage in ./page-kind.ts).

export type Answer = 'accepted' | 'refused';

/** accepted = 2xx; refused = anything else (a redirect, a 4xx, a 5xx; a page's fetch reports a redirect as 0). */
export function answerOf(status: number): Answer {
  return status >= 200 && status <= 299 ? 'accepted' : 'refused';
}

export const accepted = (status: number): boolean => answerOf(status) === 'accepted';
