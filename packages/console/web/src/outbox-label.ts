import type { OutboxInfo } from '../../src/api.ts';

/** `system/service` for a service's event outbox; `system/service · name` for an outbox of its own (the texts). */
export function outboxLabel(outbox: OutboxInfo): string {
  const where = `${outbox.system}/${outbox.service}`;
  return outbox.name ? `${where} · ${outbox.name}` : where;
}
