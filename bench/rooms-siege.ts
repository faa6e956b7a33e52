// One measured run, siege-style: C clients for S seconds, each doing its transaction back to back with no
// think time. A transaction is what a member does with a meeting: check in to a CONFIRMED booking of theirs
// (`POST /realuses {"bookingId"}`, expect 201) and check out (`PATCH /realuses/{id} {}`, expect 200), on a
// fresh booking each time (a booking is used once). Also the seed's own siege body, once.
import { percentile } from './commerce-round.ts';
import type { RoomsClient, Timed } from './rooms-http.ts';
import type { Office } from './rooms-office.ts';
import type { Runtime } from './system-processes.ts';

export interface SiegeResult {
  runtime: Runtime;
  clients: number;
  round: number;
  seconds: number;
  /**
   * Attempted transactions: every try, a repeat after a failure included (a client's last one, under way at
   * the deadline, counts when it finishes).
   */
  attempted: number;
  succeeded: number;
  /** succeeded ÷ attempted, in % (siege's availability). */
  availability: number;
  transactionsPerSec: number;
  requestsPerSec: number;
  /** Whole transaction (check-in + check-out), and each request alone, in ms. */
  transactionMs: Spread;
  checkInMs: Spread;
  checkOutMs: Spread;
  /** Failed requests by "METHOD status", e.g. "POST 409". */
  errors: Record<string, number>;
  /** The first failure body of each kind, to say what went wrong. */
  errorSamples: string[];
  /** Check-ins answered as failed that had happened all the same (their repeat answered 200, "already in"). */
  checkedInBehindFailure: number;
  /** Clients that used up their prepared bookings before the deadline (the pool was too small: a bench fault). */
  poolExhausted: number;
  bookingsPrepared: number;
  preparedInSec: number;
  loadAverageBefore: number;
}

export interface Spread {
  p50: number;
  p99: number;
  max: number;
}

const spreadOf = (values: number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: Math.round(sorted.at(-1) ?? Number.NaN) };
};

export interface SiegePlan {
  runtime: Runtime;
  clients: number;
  round: number;
  seconds: number;
  /** Each client's CONFIRMED bookings, open for check-in. */
  bookings: number[][];
  preparedInSec: number;
  loadAverageBefore: number;
}

export async function siege(gw: RoomsClient, office: Office, plan: SiegePlan): Promise<SiegeResult> {
  const transactions: number[] = [];
  const checkIns: number[] = [];
  const checkOuts: number[] = [];
  const errors: Record<string, number> = {};
  const errorSamples: string[] = [];
  let attempted = 0;
  let poolExhausted = 0;
  let checkedInBehindFailure = 0;
  const bookingsPrepared = plan.bookings.reduce((n, b) => n + b.length, 0);
  const startedAt = Date.now();
  const deadline = startedAt + plan.seconds * 1000;
  const fail = (method: string, answer: Timed) => {
    const key = `${method} ${answer.status}`;
    errors[key] = (errors[key] ?? 0) + 1;
    if (errors[key] === 1) {
      const at = ((answer.startedAt - startedAt) / 1000).toFixed(1);
      errorSamples.push(`${key} (first at ${at} s) ${answer.raw.slice(0, 240)}`);
    }
  };
  const idOf = (answer: Timed) => (answer.body as { id?: unknown } | undefined)?.id;
  /**
   * A client is a member who, when an answer fails, tries the same step again (the failed attempt counts as a
   * failed transaction, as in siege): check-in and check-out are both safe to repeat, so a failure never
   * costs a booking, and a repeated check-in answering 200 ("already in") shows that the failed one had
   * checked in all the same.
   */
  const client = async (c: number) => {
    const member = office.members[c];
    const pool = [...(plan.bookings[c] ?? [])];
    if (!member) throw new Error(`no member for client ${c}`);
    let current: { bookingId: number; realuseId?: number; failedCheckIn: boolean } | undefined;
    while (Date.now() < deadline) {
      if (!current) {
        const bookingId = pool.shift();
        if (bookingId === undefined) {
          poolExhausted++;
          return;
        }
        current = { bookingId, failedCheckIn: false };
      }
      attempted++;
      let firstStartedAt: number | undefined;
      if (current.realuseId === undefined) {
        const checkIn = await gw.post('/realuses', { bookingId: current.bookingId }, member.token);
        const id = idOf(checkIn);
        const ok =
          typeof id === 'number' && (checkIn.status === 201 || (checkIn.status === 200 && current.failedCheckIn));
        if (!ok) {
          fail('POST', checkIn);
          current.failedCheckIn = true;
          continue;
        }
        if (checkIn.status === 200) checkedInBehindFailure++;
        checkIns.push(checkIn.ms);
        current.realuseId = id;
        firstStartedAt = checkIn.startedAt;
      }
      const checkOut = await gw.patch(`/realuses/${current.realuseId}`, {}, member.token);
      if (checkOut.status !== 200) {
        fail('PATCH', checkOut);
        continue;
      }
      checkOuts.push(checkOut.ms);
      transactions.push(checkOut.startedAt + checkOut.ms - (firstStartedAt ?? checkOut.startedAt));
      current = undefined;
    }
  };
  await Promise.all(Array.from({ length: plan.clients }, (_, c) => client(c)));
  const elapsed = (Date.now() - startedAt) / 1000;
  const requests = checkIns.length + checkOuts.length + Object.values(errors).reduce((a, b) => a + b, 0);
  return {
    runtime: plan.runtime,
    clients: plan.clients,
    round: plan.round,
    seconds: Math.round(elapsed * 100) / 100,
    attempted,
    succeeded: transactions.length,
    availability: attempted === 0 ? 0 : Math.round((transactions.length / attempted) * 10_000) / 100,
    transactionsPerSec: Math.round((transactions.length / elapsed) * 10) / 10,
    requestsPerSec: Math.round((requests / elapsed) * 10) / 10,
    transactionMs: spreadOf(transactions),
    checkInMs: spreadOf(checkIns),
    checkOutMs: spreadOf(checkOuts),
    errors,
    errorSamples,
    checkedInBehindFailure,
    poolExhausted,
    bookingsPrepared,
    preparedInSec: plan.preparedInSec,
    loadAverageBefore: plan.loadAverageBefore,
  };
}

export interface SeedBodyCheck {
  runtime: Runtime;
  pass: boolean;
  detail: string;
}

/**
 * The seed's siege body, `{"status":"READY"}`, from a signed-in member: it named no booking, and the seed made
 * a row of it ("Booking Number[ null ] is use started", R-B7). It must be a 400, and no real use may appear.
 */
export async function seedBody(gw: RoomsClient, office: Office, runtime: Runtime): Promise<SeedBodyCheck> {
  const member = office.members[0];
  if (!member) throw new Error('no member');
  const uses = async () => {
    const answer = await gw.get('/realuses?size=1', office.adminToken);
    return Array.isArray(answer.body) ? JSON.stringify(answer.body[0] ?? null) : `?${answer.status}`;
  };
  const before = await uses();
  const answer = await gw.post('/realuses', { status: 'READY' }, member.token);
  const after = await uses();
  const pass = answer.status === 400 && before === after;
  const said = (answer.body as { detail?: unknown } | undefined)?.detail;
  const detail =
    `POST /realuses {"status":"READY"} → ${answer.status} ${typeof said === 'string' ? `"${said}"` : answer.raw.slice(0, 300)}; ` +
    (before === after ? 'no real use created' : `a real use appeared: ${after}`);
  return { runtime, pass, detail };
}
