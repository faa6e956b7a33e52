import { refreshSessionsOf } from '@mosaic/kit/auth';
import { endpointsOf, HttpError, type ServiceContext } from '@mosaic/kit/service';
import { managersOf, managerView } from '../accounts/managers.ts';
import { signInEndpoints } from '../accounts/sign-in.ts';
import { accessIssuer, issuerName, type tokenSettings } from '../accounts/tokens.ts';
import { ok } from '../contracts/envelope.ts';
import { AUTH_SUPER, requireRole } from '../contracts/identity.ts';
import type { SupervisorTables } from './store.ts';

export type SupervisorContext = ServiceContext<SupervisorTables, never, typeof tokenSettings>;

const PREFIX = '/supervisor-service';
/** The gateway reads supervisor tokens' keys here (accounts.ts). */
export const SUPERVISOR_JWKS_PATH = `${PREFIX}/jwks.json`;

export const supervisorIssuer = (ctx: SupervisorContext) =>
  accessIssuer(ctx.store, issuerName('supervisor'), () => ctx.settings.get('token.access_ttl'));

const endpoint = endpointsOf<SupervisorContext>();

const me = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-super/supervisors/me`,
  summary: 'The signed-in supervisor’s own account',
  gateway: AUTH_SUPER,
  handle: async (ctx, { caller }) => {
    const supervisor = requireRole(caller, ['SUPERVISOR']);
    const found = await managersOf(ctx.store).byId(supervisor.id);
    if (!found) throw new HttpError('not-found', `supervisor ${supervisor.id} does not exist`);
    return ok(200, managerView(found, 'SUPERVISOR'));
  },
});

export const supervisorEndpoints = [
  ...signInEndpoints<SupervisorContext>({
    role: 'SUPERVISOR',
    prefix: PREFIX,
    paths: {
      login: `${PREFIX}/login`,
      restore: `${PREFIX}/restore`,
      logout: `${PREFIX}/auth-super/logout`,
      jwks: SUPERVISOR_JWKS_PATH,
    },
    logoutAuth: AUTH_SUPER.auth,
    issuer: supervisorIssuer,
    sessions: (ctx) => refreshSessionsOf(ctx.store),
    refreshTtl: (ctx) => ctx.settings.get('token.refresh_ttl'),
    byEmail: (ctx, email) => managersOf(ctx.store).byEmail(email),
    activeEmail: (ctx, id) => managersOf(ctx.store).activeEmail(id),
    loggedIn: (ctx, id) => managersOf(ctx.store).loggedIn(id),
  }),
  me,
];
