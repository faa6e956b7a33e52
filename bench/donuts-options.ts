import { flagsOf } from './flags.ts';
import type { Runtime } from './system-processes.ts';

/** One purchase spike: `purchases` checkouts of one product that has `stock`. */
export interface SpikePlan {
  purchases: number;
  stock: number;
}

export type Part = 'latency' | 'spike' | 'queue';
const PARTS: readonly Part[] = ['latency', 'spike', 'queue'];

/** What `npm run bench -- donuts` was asked to do. */
export interface DonutsOptions {
  runtimes: Runtime[];
  parts: Part[];
  rounds: number;
  /** The factory's intake delay for the synchronous legacy call: the seed's 1,000 + 4,000 ms. */
  legacyDelayMs: number;
  /** The factory's intake delay for the decoupled path: below the restock worker's 5 s factory timeout. */
  decoupledDelayMs: number;
  /** Also queue one restock with the factory at the legacy delay, to show what the worker's timeout makes of it. */
  legacyProbe: boolean;
  spikes: SpikePlan[];
  /** Checkouts on the wire at once in a spike. */
  inFlight: number;
  /** Purchases of the unmeasured spike before the rounds (0: none); its stock is a fifth of it. */
  warmup: number;
  /** Messages per queue round, sent then drained. */
  messages: number;
  /** Handlers at once in the kit's worker, and messages a bare pull asks for at once. */
  queueConcurrency: number;
  /** Sends on the wire at once, for the kit and the bare client alike. */
  sendInFlight: number;
}

export function parseDonutsOptions(args: string[]): DonutsOptions {
  const { value, whole, runtimes } = flagsOf(args);
  const spikes = (value('--spikes') ?? '500/100,2000/1000').split(',').map((pair) => {
    const [purchases, stock] = pair.split('/').map(Number);
    if (!Number.isInteger(purchases) || !Number.isInteger(stock) || !(stock! >= 1) || !(purchases! > stock!)) {
      throw new Error(`--spikes takes purchases/stock pairs with more purchases than stock, got ${pair}`);
    }
    return { purchases: purchases as number, stock: stock as number };
  });
  const parts = (value('--parts') ?? PARTS.join(',')).split(',') as Part[];
  if (parts.some((p) => !PARTS.includes(p))) throw new Error(`--parts takes ${PARTS.join(',')}, got ${parts}`);
  return {
    runtimes: runtimes(),
    parts,
    rounds: whole('--rounds', 3),
    legacyDelayMs: whole('--legacy-delay-ms', 5_000, 0),
    decoupledDelayMs: whole('--decoupled-delay-ms', 1_000, 0),
    legacyProbe: !args.includes('--no-legacy-probe'),
    spikes,
    inFlight: whole('--in-flight', 500),
    warmup: whole('--warmup', 100, 0),
    messages: whole('--messages', 2_000),
    queueConcurrency: whole('--queue-concurrency', 16),
    sendInFlight: whole('--send-in-flight', 64),
  };
}
