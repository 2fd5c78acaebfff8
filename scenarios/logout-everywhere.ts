import { scenario } from './scenario';
import { expectLoginRequiredOnSecondDevice, login, logInOnSecondDevice, logOutEverywhere, openProtectedPage } from './steps';

export default scenario({
  id: 'logout-everywhere',
  title: '"log out everywhere" ends the session on every computer of the user',
  refs: ['ASVS-3.3.4', 'ASVS-7.5.2'],
  findingCodes: ['OTHER_DEVICE_STILL_AUTHENTICATED'],
  requires: [],
  applies: (target) => (target.logout.everywhere ? undefined : 'the target declares no "log out everywhere" control'),
  steps: [login(), openProtectedPage(), logInOnSecondDevice(), logOutEverywhere(), expectLoginRequiredOnSecondDevice()],
});
