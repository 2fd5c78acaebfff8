import { scenario } from './scenario';
import { captureAndReplayTokens, login, logout, openProtectedPage, replayTokensAfterLogout } from './steps';

// A scenario of its own rather than a step of logout-replay: it needs the HTTP exchange (not cookie
// injection), so it runs where logout-replay cannot; and a portal whose API wants more than the token alone
// makes this control fail, which must not leave the cookie replays of logout-replay undecided with it.
export default scenario({
  id: 'logout-token-replay',
  title: 'tokens the pages sent before logout (bearer tokens, refresh cookies) are refused after it, replayed from outside the browser',
  refs: ['WSTG-SESS-06', 'ASVS-3.3.1', 'RFC-7009'],
  findingCodes: ['TOKEN_VALID_AFTER_LOGOUT'],
  requires: ['httpExchanges'],
  steps: [login(), openProtectedPage(), captureAndReplayTokens(), logout(), replayTokensAfterLogout()],
});
