import { createCipheriv, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Registry } from '../../discovery/registry.ts';
import {
  call,
  freshRegistry,
  outingRoutes,
  type Service,
  startGateway,
  startService,
  type TestGateway,
} from '../test-support.ts';
import { decryptSalted, evpBytesToKey } from './request-security.ts';

const PASSPHRASE = 'correct horse battery staple';
const BASE = 'dms-sms';

/** What the seed's clients send (aes-everywhere: OpenSSL "Salted__" AES-256-CBC, base64). */
function encryptSalted(plain: string, passphrase = PASSPHRASE): string {
  const salt = randomBytes(8);
  const { key, iv } = evpBytesToKey(Buffer.from(passphrase), salt);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([Buffer.from('Salted__'), salt, cipher.update(plain), cipher.final()]).toString('base64');
}

const stamp = (offsetSec = 0) => String(Math.floor(Date.now() / 1000) + offsetSec);

describe('Request-Security decryption', () => {
  it('round-trips the OpenSSL salted format and refuses a wrong passphrase or junk', () => {
    expect(decryptSalted(encryptSalted('hello:1700000000'), PASSPHRASE)?.toString()).toBe('hello:1700000000');
    expect(decryptSalted(encryptSalted('hello'), 'another passphrase')?.toString()).not.toBe('hello');
    expect(decryptSalted('not base64 at all', PASSPHRASE)).toBeUndefined();
    expect(decryptSalted(Buffer.from('Salted__12345678tooshort').toString('base64'), PASSPHRASE)).toBeUndefined();
  });
});

describe('gateway Request-Security filter (optional stage)', () => {
  let registry: Registry;
  let outing: Service;
  let gateway: TestGateway;

  beforeEach(async () => {
    registry = freshRegistry();
    outing = await startService(registry, 'outing', outingRoutes());
    gateway = await startGateway({
      routes: [{ method: 'GET', path: '/open/**', service: 'outing', auth: 'public' }],
      registry,
      security: { requestSecurity: { passphrase: PASSPHRASE, base: BASE, maxAgeSec: 30 } },
    });
  });

  afterEach(async () => {
    await gateway.close();
    await outing.close();
    await registry.close();
  });

  const send = (value?: string) =>
    call(gateway.url, 'GET', '/open/x', value === undefined ? {} : { headers: { 'request-security': value } });

  it('lets a fresh value through once, and refuses it the second time', async () => {
    const value = encryptSalted(`${BASE}:${stamp()}`);
    expect((await send(value)).status).toBe(200);
    const replay = await send(value);
    expect(replay.status).toBe(407);
    expect(replay.json().detail).toContain('already used');
    expect(outing.seen).toHaveLength(1);
  });

  it.each([
    ['missing', undefined, 'missing'],
    ['encrypted with another passphrase', encryptSalted(`${BASE}:${stamp()}`, 'some other passphrase'), 'not valid'],
    ['with another base', encryptSalted(`other:${stamp()}`), 'not valid'],
    ['with trailing text', encryptSalted(`${BASE}:${stamp()}0`), 'not valid'],
    ['stale', encryptSalted(`${BASE}:${stamp(-120)}`), 'stale'],
    ['from the future', encryptSalted(`${BASE}:${stamp(120)}`), 'stale'],
    ["the seed's master key", encryptSalted('temporary_master_key'), 'not valid'],
  ])('answers 407 to a value that is %s', async (_what, value, detail) => {
    const answer = await send(value);
    expect(answer.status).toBe(407);
    expect(answer.json()).toMatchObject({ type: 'urn:mosaic:problem:request-security' });
    expect(answer.json().detail).toContain(detail);
    expect(outing.seen).toHaveLength(0);
  });

  it('checks unknown paths too, as the seed did', async () => {
    expect((await call(gateway.url, 'GET', '/nowhere')).status).toBe(407);
  });
});
