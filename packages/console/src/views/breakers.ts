import type { BreakerLine } from '@mosaic/kit/calls';
import type { BreakerInfo, Breakers } from '../api.ts';
import type { OperatorHttp } from '../sources/operator-http.ts';
import type { ConsoleSource } from '../sources/source.ts';
import { ask, unreachableField } from './reach.ts';

/**
 * GET /api/breakers: every breaker of every gateway (per upstream instance) and of every service instance's
 * clients, as their operator routes (`/admin/breakers`) report them.
 */
export async function breakersOf(source: ConsoleSource, http: OperatorHttp): Promise<Breakers> {
  const unreachable = new Set<string>();
  const holders = source.systems().flatMap((system) => [
    ...source
      .gateways(system.name)
      .map((g) => ({ system: system.name, holder: 'gateway', instance: g.id, url: g.url })),
    ...system.services.flatMap(({ definition }) =>
      Object.keys(definition.clients ?? {}).length === 0
        ? []
        : source.instances(system.name, definition.name).map((i) => ({
            system: system.name,
            holder: definition.name,
            instance: i.id,
            url: i.url,
          })),
    ),
  ]);
  const lists = await Promise.all(
    holders.map(async (holder) => {
      const answer = await ask<{ breakers?: BreakerLine[] }>(
        http,
        unreachable,
        { system: holder.system, name: holder.holder, url: holder.url },
        '/admin/breakers',
      );
      return (answer?.breakers ?? []).map(
        (line): BreakerInfo => ({
          system: holder.system,
          holder: holder.holder,
          holderInstance: holder.instance,
          target: line.service,
          targetInstance: line.instance,
          state: line.state,
          since: line.since,
          reason: line.reason,
        }),
      );
    }),
  );
  return { breakers: lists.flat(), ...unreachableField(unreachable) };
}
