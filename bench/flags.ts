import type { Runtime } from './system-processes.ts';

/** A bench's command-line flags: `--name value` pairs, checked as they are read. */
export function flagsOf(args: readonly string[]) {
  const value = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i === -1 ? undefined : args[i + 1];
  };
  const whole = (flag: string, fallback: number, least = 1): number => {
    const raw = value(flag);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < least) throw new Error(`${flag} must be a whole number ≥ ${least}, got ${raw}`);
    return n;
  };
  /** `--runtime embedded|distributed|both` (default both). */
  const runtimes = (): Runtime[] => {
    const runtime = value('--runtime') ?? 'both';
    if (runtime === 'both') return ['embedded', 'distributed'];
    if (runtime !== 'embedded' && runtime !== 'distributed') {
      throw new Error(`--runtime must be embedded, distributed or both, got ${runtime}`);
    }
    return [runtime];
  };
  return { value, whole, runtimes };
}
