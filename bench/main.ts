// `npm run bench -- <name> [args]`: one entry per benchmark; each module exports `run(args)`.
const benchmarks: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  commerce: () => import('./commerce.ts'),
  donuts: () => import('./donuts.ts'),
  footprint: () => import('./footprint.ts'),
  gateway: () => import('./gateway.ts'),
  rooms: () => import('./rooms.ts'),
  saga: () => import('./saga.ts'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? benchmarks[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(benchmarks).join('|')}> [options]`);
  process.exit(2);
}
await (await load()).run(args);
