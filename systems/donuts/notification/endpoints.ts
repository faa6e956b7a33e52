import { Type } from '@mosaic/kit/http';
import { endpointsOf } from '@mosaic/kit/service';
import { UUID } from '../contracts/events.ts';
import type { NotificationContext } from './policies.ts';

const endpoint = endpointsOf<NotificationContext>();

const NotificationQuery = Type.Object({
  kind: Type.Optional(Type.Union([Type.Literal('factory-email'), Type.Literal('operator-alert')])),
  restockId: Type.Optional(Type.String({ pattern: UUID })),
});

const list = endpoint({
  method: 'GET',
  path: '/notifications',
  query: NotificationQuery,
  summary: 'The outbox: e-mails to the factory manager and operator alerts, newest first (?kind=, ?restockId=)',
  gateway: { auth: 'public' },
  handle: async (ctx, { query }) => {
    let select = ctx.store.db.selectFrom('notifications').selectAll();
    if (query.kind) select = select.where('kind', '=', query.kind);
    if (query.restockId) select = select.where('restock_id', '=', query.restockId);
    const rows = await select.orderBy('id', 'desc').limit(100).execute();
    return rows.map((n) => ({
      id: Number(n.id),
      kind: n.kind,
      to: n.recipient,
      subject: n.subject,
      body: n.body,
      restockId: n.restock_id,
      createdAt: n.created_at,
    }));
  },
});

export const notificationEndpoints = [list];
