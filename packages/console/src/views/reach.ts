import type { OperatorHttp } from '../sources/operator-http.ts';
import type { ConsoleSource, ProcessAddress } from '../sources/source.ts';

/** One instance to ask about what every instance of a service shares (its database, its groups): a ready one. */
export function oneInstance(source: ConsoleSource, system: string, service: string): ProcessAddress | undefined {
  const instances = source.instances(system, service);
  return instances.find((i) => i.ready) ?? instances[0];
}

/**
 * Asks a process an operator question and hands back the JSON answer of a 2xx, or undefined after noting the
 * process as unreachable: a view shows what it could gather, and says what it could not.
 */
export async function ask<T>(
  http: OperatorHttp,
  unreachable: Set<string>,
  where: { system: string; name: string; url: string },
  path: string,
): Promise<T | undefined> {
  try {
    const answer = await http.call(where.system, where.url, path);
    if (answer.status >= 200 && answer.status < 300) return answer.body as T;
  } catch {
    // Below: the process is named among the unreachable.
  }
  unreachable.add(`${where.system}/${where.name}`);
  return undefined;
}

export function unreachableField(unreachable: ReadonlySet<string>): { unreachable?: string[] } {
  return unreachable.size > 0 ? { unreachable: [...unreachable].sort() } : {};
}
