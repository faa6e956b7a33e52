// Test support (not exported): who a service believes is calling, run on each runtime
// (vouched-identity.test.ts: embedded; vouched-identity.distributed.test.ts: the real engines).
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVouches, HEADER_VOUCH } from '../../auth/vouch.ts';
import { defineSystem, type SystemDefinition } from '../../runtime/system.ts';
import { defineService, type ServiceContext } from '../../service/define.ts';
import { endpointsOf } from '../../service/endpoint.ts';
import { HEADER_ROLE, HEADER_SERVICE, HEADER_SUBJECT } from '../../service/vouched-identity.ts';
import type { TestSystem } from '../system.ts';

/** A desk that says who it believes is calling, and asks a colleague the same on the caller's behalf or its own. */
function deskSystem(): SystemDefinition {
  const whoIs = (headers: Record<string, unknown>) => ({
    subject: headers[HEADER_SUBJECT] ?? null,
    role: headers[HEADER_ROLE] ?? null,
    service: headers[HEADER_SERVICE] ?? null,
  });
  const endpoint = endpointsOf<ServiceContext<Record<string, never>, 'desk'>>();
  const desk = defineService<Record<string, never>, 'desk'>({
    name: 'desk',
    system: 'office',
    migrations: {},
    clients: { desk: {} },
    endpoints: [
      endpoint({
        method: 'GET',
        path: '/whoami',
        summary: 'who the desk believes is calling',
        gateway: 'internal',
        handle: (_ctx, { headers }) => whoIs(headers),
      }),
      // On the caller's behalf: the service code names the caller, the kit's client vouches for it.
      endpoint({
        method: 'GET',
        path: '/ask-for-me',
        summary: "asks a colleague who is calling, on the caller's behalf",
        gateway: 'internal',
        handle: async (ctx, { caller }) => {
          const headers: Record<string, string> = {};
          if (caller && 'sub' in caller) {
            headers[HEADER_SUBJECT] = caller.sub;
            headers[HEADER_ROLE] = caller.role;
          }
          return (await ctx.clients.desk.getJson('/whoami', { headers })).json();
        },
      }),
    ],
  });
  return defineSystem({
    name: 'office',
    title: 'an office',
    gateway: { port: 0 },
    services: [{ definition: desk, port: 0 }],
  });
}

export function vouchedIdentitySuite(start: (system: SystemDefinition) => Promise<TestSystem>) {
  let system: TestSystem;
  let desk: string;
  const ask = async (path: string, headers: Record<string, string>) => {
    const answer = await request(desk + path, { headers });
    return { status: answer.statusCode, body: (await answer.body.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    system = await start(deskSystem());
    desk = system.service('desk').url;
  });
  afterAll(() => system?.close());

  describe('a service believes only an identity its system vouched for', () => {
    it('treats made-up identity headers as an anonymous caller', async () => {
      const forged = await ask('/whoami', {
        [HEADER_SUBJECT]: 'admin-000000000001',
        [HEADER_ROLE]: 'admin',
        [HEADER_SERVICE]: 'office/desk',
      });
      expect(forged).toEqual({ status: 200, body: { subject: null, role: null, service: null } });
    });

    it('believes a vouch made for this request', async () => {
      const answer = await ask('/whoami', system.vouchedHeaders({ sub: 'student-000000000007', role: 'student' }));
      expect(answer).toEqual({
        status: 200,
        body: { subject: 'student-000000000007', role: 'student', service: null },
      });
    });

    it("refuses a vouch for one caller replayed on another request, and the headers it came with don't help", async () => {
      const vouched = system.vouchedHeaders({ sub: 'student-000000000007', role: 'student' });
      const replayed = await ask('/whoami', {
        ...vouched,
        'x-request-id': randomUUID(),
        [HEADER_SUBJECT]: 'admin-000000000001',
        [HEADER_ROLE]: 'admin',
      });
      expect(replayed.status).toBe(401);
      expect(replayed.body.type).toBe('urn:mosaic:problem:vouch-other-request');
    });

    it('refuses an expired vouch and one signed with another key', async () => {
      const requestId = randomUUID();
      const { [HEADER_VOUCH]: _ignored, ...rest } = system.vouchedHeaders({ sub: 's', role: 'student' });
      const keys = await system.runtime.systemKeys('office');
      const expired = await ask('/whoami', {
        ...rest,
        'x-request-id': requestId,
        [HEADER_VOUCH]: keys.vouches.mint({ sub: 's', role: 'student' }, requestId, -1),
      });
      expect(expired.status).toBe(401);
      expect(expired.body.type).toBe('urn:mosaic:problem:vouch-expired');
      const stranger = createVouches(Buffer.alloc(32, 7));
      const forged = await ask('/whoami', {
        'x-request-id': requestId,
        [HEADER_VOUCH]: stranger.mint({ sub: 'admin-000000000001', role: 'admin' }, requestId),
      });
      expect(forged.status).toBe(401);
      expect(forged.body.type).toBe('urn:mosaic:problem:vouch-forged');
    });

    it("carries the caller's identity on a call made on their behalf, and says so when a service calls as itself", async () => {
      const forCaller = await ask(
        '/ask-for-me',
        system.vouchedHeaders({ sub: 'teacher-000000000003', role: 'teacher' }),
      );
      expect(forCaller.body).toEqual({ subject: 'teacher-000000000003', role: 'teacher', service: null });
      const asItself = await ask('/ask-for-me', {});
      expect(asItself.body).toEqual({ subject: null, role: null, service: 'office/desk' });
    });
  });
}
