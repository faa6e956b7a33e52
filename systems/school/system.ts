import { defineSystem } from '@mosaic/kit/runtime';
import { announcementService } from './announcement/service.ts';
import { authService } from './auth/service.ts';
import { clubService } from './club/service.ts';
import { JWKS_PATH, TOKEN_AUDIENCE, TOKEN_ISSUER } from './contracts/accounts.ts';
import { gatewayErrorBody } from './contracts/envelope.ts';
import { schoolEvents } from './contracts/events.ts';
import { launchDemo } from './demo.ts';
import { demoCallers } from './demo-callers.ts';
import { outingService } from './outing/service.ts';
import { scheduleService } from './schedule/service.ts';

const services = [
  { definition: authService, port: 8181 },
  { definition: outingService, port: 8182 },
  { definition: clubService, port: 8183 },
  { definition: announcementService, port: 8184 },
  { definition: scheduleService, port: 8185 },
];

/** Requests per second the gateway sends to one service; beyond it callers get 429 rather than a slow school. */
const PER_SERVICE_RPS = 500;

/**
 * The school (seed 000, DMS-SMS): accounts, outing passes, clubs, announcements and the academic calendar
 * behind one gateway that checks tokens, roles and schemas, limits floods and caches reads. The gateway's
 * routes come from the services' endpoints.
 */
export const school = defineSystem({
  name: 'school',
  title: 'school management: accounts, outing passes, clubs, announcements, schedule (DMS-SMS)',
  gateway: {
    port: 8080,
    auth: {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: ['ES256'],
      keys: { jwks: { service: 'auth', path: JWKS_PATH } },
    },
    // The seed's DoS detector (50 requests in 1 s from one IP → blocked 1 min), which it left commented out.
    limits: {
      perIp: { max: 50, windowMs: 1000, blockMs: 60_000 },
      perService: Object.fromEntries(services.map((s) => [s.definition.name, PER_SERVICE_RPS])),
    },
    errorBody: gatewayErrorBody,
  },
  events: schoolEvents,
  services,
  demo: launchDemo,
  demoCallers,
});

export default school;
