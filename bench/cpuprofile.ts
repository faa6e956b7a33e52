// Summarises a V8 .cpuprofile (node --cpu-prof) by self time: per area of code and per function.

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Which part of the stack a frame belongs to, by its file. */
function area(url: string, name: string): string {
  if (!url)
    return name === '(garbage collector)'
      ? 'GC'
      : name === '(idle)'
        ? 'idle'
        : name === '(program)'
          ? 'V8/native'
          : 'native';
  if (url.includes('/packages/kit/src/gateway/')) return 'mosaic gateway';
  if (url.includes('/packages/kit/src/calls/')) return 'mosaic client (calls)';
  if (url.includes('/packages/kit/src/')) return 'mosaic kit (other)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return `node core (${url.slice(5).split('/')[0]})`;
  return url;
}

export function summariseProfile(profile: Profile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i]!;
      self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
  } else {
    for (const node of profile.nodes) self.set(node.id, node.hitCount ?? 0);
  }
  let total = 0;
  let idle = 0;
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, time] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = area(url, functionName);
    if (where === 'idle') {
      idle += time;
      continue;
    }
    total += time;
    areas.set(where, (areas.get(where) ?? 0) + time);
    const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|packages)\//, '')}:${lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + time);
  }
  // Inclusive time of Mosaic's own functions (self plus everything they call), each counted once per stack.
  const inclusive = new Map<string, number>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  for (const [id, time] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      if (!url.includes('/packages/kit/src/')) continue;
      const name = `${functionName || '(anonymous)'} ${url.replace(/^.*\/packages\//, '')}:${lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + time);
    }
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, t]) => `  ${pct(t)}  ${name}`)
      .join('\n');
  return [
    `busy ${(total / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s`,
    'by area:',
    top(areas, 14),
    'top functions:',
    top(functions, Number(process.env.BENCH_TOP ?? 20)),
    "Mosaic's functions, inclusive (what they and their callees cost):",
    top(inclusive, Number(process.env.BENCH_TOP ?? 20)),
  ].join('\n');
}
