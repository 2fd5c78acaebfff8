// Where each reference a scenario cites is defined, for links in the report.
const WSTG = 'https://owasp.org/www-project-web-security-testing-guide/stable/4-Web_Application_Security_Testing/06-Session_Management_Testing/';
const ASVS = 'https://github.com/OWASP/ASVS/tree/master/4.0/en';

const KNOWN: Record<string, string> = {
  'WSTG-SESS-02': `${WSTG}02-Testing_for_Cookies_Attributes`,
  'WSTG-SESS-03': `${WSTG}03-Testing_for_Session_Fixation`,
  'WSTG-SESS-06': `${WSTG}06-Testing_for_Logout_Functionality`,
  'WSTG-SESS-07': `${WSTG}07-Testing_Session_Timeout`,
  'RFC-7009': 'https://www.rfc-editor.org/rfc/rfc7009',
};

/** A link for a reference id (WSTG-SESS-06, ASVS-3.3.1); ASVS items link to the standard's chapter list. */
export function referenceUrl(ref: string): string {
  return KNOWN[ref] ?? (ref.startsWith('ASVS') ? ASVS : `https://owasp.org/search/?searchString=${encodeURIComponent(ref)}`);
}
