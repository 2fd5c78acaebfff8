import { scenario } from './scenario';
import { expectNoTraceOfPreviousUser, notePreviousUsersName, login, logout, nextPersonLooksAround, openProtectedPage } from './steps';

export default scenario({
  id: 'shared-computer',
  title: 'on a shared computer the next person sees nothing of the previous user, before or after logging in',
  refs: ['WSTG-SESS-06', 'ASVS-14.3.1'],
  findingCodes: ['PREVIOUS_USER_VISIBLE'],
  requires: ['persistentProfile'],
  applies: (target) => (target.users.length >= 2 ? undefined : 'the target declares only one user; this scenario needs two'),
  steps: [login(), openProtectedPage(), notePreviousUsersName(), logout(), nextPersonLooksAround(), login('next'), openProtectedPage(), expectNoTraceOfPreviousUser()],
});
