import { scenario } from './scenario';
import { expectLoginRequiredOnSecondDevice, login, logInOnSecondDevice, logOutEverywhere, openProtectedPage } from './steps';

export default scenario({
  id: 'logout-everywhere',
  title: '"log out everywhere" ends the session on every computer of the user',
  refs: ['ASVS-3.3.4', 'ASVS-7.5.2'],
  findingCodes: ['OTHER_DEVICE_STILL_AUTHENTICATED'],
  requires: [],
  otherBrowsers: 'a second computer (a fresh profile of the same browser) where the same user is logged in, to see whether log out everywhere ends it',
  applies: (target) => (target.logout.everywhere ? undefined : 'the target declares no "log out everywhere" control'),
  steps: [login(), openProtectedPage(), logInOnSecondDevice(), logOutEverywhere(), expectLoginRequiredOnSecondDevice()],
});
