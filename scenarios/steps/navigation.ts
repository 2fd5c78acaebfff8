import { protectedUrl } from '../../targets/target';
import { controls } from '../controls';
import type { ScenarioContext, Step } from '../scenario';
import type { Visit } from './expect-login';
import { BrokenError } from '../verdict';
import { recognisePage } from './page-kind';
import { sawLoggedIn } from './session-clock';

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** The last visit of the protected page, for the check after it. */
    visit: Visit;
  }
}

async function visitProtectedPage(ctx: ScenarioContext): Promise<Visit> {
  const url = protectedUrl(ctx.target);
  const seenBefore = ctx.driver.capabilities.httpExchanges ? (await ctx.driver.allExchanges()).length : 0;
  try {
    await ctx.driver.open(url);
  } catch (error) {
    throw new BrokenError('PORTAL_UNREACHABLE', (error as Error).message);
  }
  const kind = await recognisePage(ctx.driver, ctx.target);
  const exchanges = ctx.driver.capabilities.httpExchanges ? (await ctx.driver.allExchanges()).slice(seenBefore) : undefined;
  const visit: Visit = { kind, state: await ctx.driver.pageState(), ...(exchanges ? { exchanges } : {}) };
  ctx.memory.set('visit', visit);
  return visit;
}

/** While logged in: the protected page must show the personal data, or nothing later proves anything. */
export function openProtectedPage(): Step {
  return {
    title: 'open the protected page',
    async run(ctx) {
      const visit = await visitProtectedPage(ctx);
      if (visit.kind !== 'logged-in') {
        throw new BrokenError('PRECONDITION', `the protected page did not show the personal data while logged in (saw ${visit.kind ?? 'an unrecognised page'} at ${visit.state.url})`);
      }
      sawLoggedIn(ctx);
      ctx.control(controls.personalData, `personal data at ${visit.state.url}`);
    },
  };
}

/** After logout (and whatever came after it): go back to the protected page, as the next person would. */
export function revisitProtectedPage(): Step {
  return { title: 'revisit the protected page', run: async (ctx) => void (await visitProtectedPage(ctx)) };
}
