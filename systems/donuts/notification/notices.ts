import type { EventData } from '../contracts/events.ts';

export interface Notice {
  kind: 'factory-email' | 'operator-alert';
  recipient: string;
  subject: string;
  body: string;
}

/**
 * What each event tells whom. The factory e-mail keeps the seed's SNS words (xgro's subject and message, spec
 * §4.1); the seed never said what SES sent (NOT FOUND), so it is this request. The alert is ours (D-G3).
 */
export const notices = {
  RestockRequested: (e: EventData<'RestockRequested'>): Notice => ({
    kind: 'factory-email',
    recipient: e.factoryManagerEmail,
    subject: `${e.name} 재고 부족`,
    body: `${e.name} 재고가 없습니다. 제품을 생산해주세요! \n요청 수량: ${e.quantity} (재고: ${e.stock}, 요청 ${e.restockId})\n메시지 작성 시각: ${e.requestedAt}`,
  }),
  RestockOverdue: (e: EventData<'RestockOverdue'>, operator: string): Notice => ({
    kind: 'operator-alert',
    recipient: operator,
    subject: `[지연] ${e.sku} 재고 요청 응답 없음`,
    body:
      `restock ${e.restockId} (${e.sku}, asked ${e.requestedAt}): factory job ${e.jobId || '?'} never called back. ` +
      'The shortage is open again: the next purchase at the reorder point asks the factory anew. ' +
      'If the factory is only late, its callback still adds the stock once. Check the factory page (GET /factory).',
  }),
  RestockDeadLettered: (e: EventData<'RestockDeadLettered'>, operator: string): Notice => ({
    kind: 'operator-alert',
    recipient: operator,
    subject: `[DLQ] ${e.sku} 재고 요청 실패`,
    body:
      `restock ${e.restockId} (${e.sku}) failed ${e.receives} times and is in the restock queue's dead letters: ${e.error}. ` +
      'Fix the cause, then redrive it: POST /admin/queues/restock/redrive on the restock service, or `npm run mosaic -- queue redrive restock`.',
  }),
};
