import { randomUUID } from 'node:crypto';
import type { Logger } from '@mosaic/kit/observability';

/** The job's steps, code and word as the KBDS factory's Agent holds them (spec §7). */
export const STEPS = [
  { code: 1, msg: '시작' },
  { code: 2, msg: '준비' },
  { code: 3, msg: '생산' },
  { code: 4, msg: '포장' },
  { code: 99, msg: '종료' },
] as const;

export interface Job {
  id: string;
  requester: string | null;
  /** The request as it came: the factory posts it back to its `CallbackUrl`, unchanged. */
  data: Record<string, unknown>;
  code: number;
  msg: string;
  callbackUrl: string | null;
  /** What the one callback attempt gave: `pending`, `200`, or the failure's words. */
  callback: string;
  startedAt: string;
}

/** Jobs shown on the factory's page once finished (the seed forgot them at once). */
const KEPT = 200;

/**
 * The legacy production line, kept legacy on purpose (D-B7): jobs live in this process's memory (a restart
 * loses them, as the seed's `:temporary` Agents did), each POST starts a new job whatever it repeats, every step
 * waits one interval, and the callback is tried once with its answer ignored. Only its timings are settable.
 */
export class FactoryLine {
  private readonly jobs = new Map<string, Job>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly stepMs: () => number,
    private readonly logger: Logger,
    private readonly clock: () => Date,
  ) {}

  start(data: Record<string, unknown>): Job {
    const requester = typeof data.MessageAttributeRequester === 'string' ? data.MessageAttributeRequester : null;
    const url = typeof data.CallbackUrl === 'string' && /^https?:\/\//.test(data.CallbackUrl) ? data.CallbackUrl : null;
    const job: Job = {
      id: randomUUID(),
      requester,
      data,
      ...STEPS[1],
      callbackUrl: url,
      callback: url ? 'pending' : 'no CallbackUrl',
      startedAt: this.clock().toISOString(),
    };
    this.jobs.set(job.id, job);
    this.forgetOld();
    this.later(() => this.advance(job));
    return job;
  }

  list(): Job[] {
    return [...this.jobs.values()].reverse();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private advance(job: Job): void {
    const next = STEPS.findIndex((s) => s.code === job.code) + 1;
    const step = STEPS[next];
    if (step) {
      job.code = step.code;
      job.msg = step.msg;
      this.later(() => this.advance(job));
      return;
    }
    this.later(() => void this.callBack(job));
  }

  private async callBack(job: Job): Promise<void> {
    if (!job.callbackUrl) return;
    try {
      const response = await fetch(job.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(job.data),
        signal: AbortSignal.timeout(5_000),
      });
      await response.arrayBuffer();
      job.callback = String(response.status);
    } catch (error) {
      job.callback = error instanceof Error ? error.message : String(error);
      this.logger.warn({ err: error, job: job.id }, 'the factory could not call back (it will not try again)');
    }
  }

  private later(work: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, this.stepMs());
    this.timers.add(timer);
  }

  private forgetOld(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEPT) break;
      if (job.code === 99 && job.callback !== 'pending') this.jobs.delete(id);
    }
  }
}

/** Each running instance's line, by its service context: the factory's jobs are in memory, as the legacy one's were. */
export const lines = new WeakMap<object, FactoryLine>();

export function lineOf(ctx: object): FactoryLine {
  const line = lines.get(ctx);
  if (!line) throw new Error('the factory line is not running');
  return line;
}
