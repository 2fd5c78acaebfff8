import { scenario } from './scenario';
import { expectSessionIdsRotated, login, openLoginFormAndNoteSessionIds } from './steps';

export default scenario({
  id: 'session-rotation',
  title: 'the session ids change at login (no session fixation)',
  refs: ['WSTG-SESS-03', 'ASVS-3.2.1'],
  findingCodes: ['SESSION_NOT_ROTATED'],
  requires: ['allOriginCookies'],
  steps: [openLoginFormAndNoteSessionIds(), login(), expectSessionIdsRotated()],
});
