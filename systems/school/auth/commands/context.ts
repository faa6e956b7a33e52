import { randomInt } from 'node:crypto';
import type { ServiceContext } from '@mosaic/kit/service';
import { forbidden } from '../../contracts/envelope.ts';
import type { Caller } from '../../contracts/identity.ts';
import type { AuthTables } from '../store/tables.ts';

export type AuthContext = ServiceContext<AuthTables>;

export const digit = () => randomInt(10);
export const now = (ctx: AuthContext) => ctx.clock().toISOString();

export function assertSelfOrAdmin(caller: Caller, uuid: string): void {
  if (caller.role !== 'admin' && caller.uuid !== uuid) {
    throw forbidden(`only the account ${uuid} itself or an admin may do this`);
  }
}
