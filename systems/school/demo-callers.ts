import type { SystemAddresses } from '@mosaic/kit/runtime';
import { BOOTSTRAP_ADMIN } from './contracts/accounts.ts';
import { DEMO_ACCOUNTS, demoPassword } from './demo-logins.ts';

/**
 * The school's `demoCallers` hook: signs in through the gateway, as a client would, as the first demo account
 * of each role, and as the admin when its password is known from the environment.
 */
export async function demoCallers(system: SystemAddresses): Promise<Record<string, string>> {
  const accounts: { role: string; id: string; password: string }[] = [];
  for (const { role, id } of DEMO_ACCOUNTS) {
    if (!accounts.some((a) => a.role === role)) accounts.push({ role, id, password: demoPassword(id) });
  }
  const adminPassword = process.env.MOSAIC_SCHOOL_ADMIN_PASSWORD;
  if (adminPassword) accounts.push({ role: 'admin', id: BOOTSTRAP_ADMIN.id, password: adminPassword });
  const callers: Record<string, string> = {};
  for (const { role, id, password } of accounts) {
    const answer = await fetch(`${system.gatewayUrl}/v1/login/${role}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ [`${role}_id`]: id, [`${role}_pw`]: password }),
    });
    const body = (await answer.json()) as { access_token?: string; message?: string };
    if (!answer.ok || !body.access_token) {
      throw new Error(`the demo ${role} ${id} could not sign in (${answer.status}: ${body.message ?? 'no token'})`);
    }
    callers[role] = `Bearer ${body.access_token}`;
  }
  return callers;
}
