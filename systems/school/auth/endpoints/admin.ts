import { ok } from '../../contracts/envelope.ts';
import { requireRole } from '../../contracts/identity.ts';
import { pageSize } from '../../contracts/schemas.ts';
import { countAccounts } from '../commands/admin.ts';
import { notificationQuery } from '../schemas.ts';
import { notifications } from '../store/notifications.ts';
import { endpoint } from './common.ts';

/** What an admin reads: the SMS outbox (no SMS gateway here), and the numbers the demo seeding asks for. */

const outbox = endpoint({
  method: 'GET',
  path: '/v1/notifications',
  query: notificationQuery,
  summary: 'The SMS outbox, newest first, optionally to one account or number (admins)',
  gateway: { auth: ['admin'] },
  handle: async (ctx, { query, caller }) => {
    requireRole(caller, ['admin']);
    const { start, count, to_uuid, phone_number } = query;
    const list = await notifications(ctx.store.db).list({
      start,
      count: pageSize(count, 50),
      ...(to_uuid ? { to_uuid } : {}),
      ...(phone_number ? { phone_number } : {}),
    });
    return ok(200, 'notifications, newest first', { notifications: list });
  },
});

const accountCount = endpoint({
  method: 'GET',
  path: '/v1/accounts/count',
  summary: 'How many accounts of each kind there are (admins)',
  gateway: { auth: ['admin'] },
  handle: async (ctx, { caller }) => {
    requireRole(caller, ['admin']);
    return ok(200, 'accounts by kind', await countAccounts(ctx)());
  },
});

export const adminEndpoints = [outbox, accountCount];
