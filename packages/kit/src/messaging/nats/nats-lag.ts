import type { ConsumerSite } from './nats-consumers.ts';
import { partitionConsumer } from './nats-names.ts';

/**
 * Each group's lag from the server's own count, summed over its partition consumers: `num_pending` (matching
 * its filter, not delivered yet) plus `num_ack_pending` (delivered, not acknowledged: in a handler or waiting
 * for a retry; at most one per partition). Replays are not counted: they are dead letters handed back, not
 * events the group has yet to reach. One paged listing of the stream's consumers answers for every group, where
 * asking each partition would cost `partitions` round trips per group per scrape. On NATS 2.9 a group of several
 * types filters its whole partition, so events of other types sharing it count until it passes them over.
 */
export async function groupLag(site: ConsumerSite, groups: readonly string[]): Promise<Map<string, number>> {
  const groupOf = new Map<string, string>();
  for (const group of groups) {
    for (let partition = 0; partition < site.partitions; partition++) {
      groupOf.set(partitionConsumer(group, partition), group);
    }
  }
  const behind = new Map<string, number>();
  if (groupOf.size === 0) return behind;
  for await (const info of site.jsm.consumers.list(site.stream)) {
    const group = groupOf.get(info.name);
    if (group === undefined) continue;
    behind.set(group, (behind.get(group) ?? 0) + info.num_pending + info.num_ack_pending);
  }
  return behind;
}
