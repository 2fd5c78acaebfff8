import { scenario } from './scenario';
import { expectLoginRequired, login, logout, openProtectedPage, revisitProtectedPage } from './steps';

export default scenario({
  id: 'logout-revisit',
  title: 'login is required when the protected page is revisited after logout',
  refs: ['WSTG-SESS-06', 'ASVS-3.3.1', 'ASVS-7.4.1'],
  findingCodes: ['LOGIN_NOT_REQUIRED_AFTER_LOGOUT'],
  requires: [],
  steps: [login(), openProtectedPage(), logout(), revisitProtectedPage(), expectLoginRequired('LOGIN_NOT_REQUIRED_AFTER_LOGOUT')],
});
