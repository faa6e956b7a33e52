import { defineService } from '@mosaic/kit/service';
import { bootstrapMember } from './bootstrap.ts';
import { memberEndpoints } from './endpoints.ts';
import { type MemberTables, migrations } from './store.ts';

/**
 * member: the office's members with the seed's 5-digit ids (the seed had none, so anyone could cancel anyone's
 * booking, R-G3), roles `member` and `admin`, sign-in, and the keys the gateway checks tokens against.
 */
export const memberService = defineService<MemberTables>({
  name: 'member',
  system: 'rooms',
  migrations,
  endpoints: memberEndpoints,
  started: bootstrapMember,
});
