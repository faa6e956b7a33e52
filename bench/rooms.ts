// `npm run bench -- rooms [--runtime embedded|distributed|both] [--clients 2,50] [--seconds 30] [--rounds 1]
//                         [--warmup-seconds 5] [--profile]`
//
// The seed's siege (`siege -c2 -t60S` POSTing `{"status":"READY"}` to /realuses: 3.03 % availability) replayed
// with valid requests: C members each check in to a CONFIRMED booking of theirs and check out, back to back,
// for S seconds (2 clients always 60 s, as the seed; other counts --seconds), on each runtime. Reports
// availability (transactions that succeeded ÷ attempted), transactions/s and latencies, and sends the seed's
// body once, which must be a 400. Exits non-zero when that check fails, a 2-client run is below 100 %, or a
// run's clients ran out of prepared bookings (a pool sized too small: the run measured less than it should).
import { loadavg } from 'node:os';
import { printProfiles, profiling } from './commerce-profile.ts';
import { flagsOf } from './flags.ts';
import { type RoomsClient, roomsClient } from './rooms-http.ts';
import { confirmedBookings, type Office, openOffice, startRooms } from './rooms-office.ts';
import type { RoomsOptions } from './rooms-options.ts';
import { loadAverageNow, writeRoomsReport } from './rooms-report.ts';
import { type SeedBodyCheck, type SiegeResult, seedBody, siege } from './rooms-siege.ts';
import type { Runtime } from './system-processes.ts';

/** The seed's siege: 2 clients for 60 s. */
const SEED_CLIENTS = 2;
const SEED_SECONDS = 60;
/**
 * Transactions/s all clients together are assumed to do in a warm-up, to size its bookings: above what the
 * embedded runtime did on the machine of bench/README.md (one client: 18/s), so a warm-up rarely runs out.
 */
const WARMUP_RATE = 60;
/** Pause between a preparation and its run, for the preparation's events (notices, views) to drain. */
const SETTLE_MS = 5_000;

function parse(args: string[]): RoomsOptions {
  const { value, whole, runtimes } = flagsOf(args);
  const clients = (value('--clients') ?? '2,50').split(',').map(Number);
  if (clients.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) {
    throw new Error(`--clients must be whole numbers from 1 to 1000, got ${clients}`);
  }
  return {
    runtimes: runtimes(),
    clients,
    seconds: whole('--seconds', 30),
    rounds: whole('--rounds', 1),
    warmupSeconds: whole('--warmup-seconds', 5, 0),
    profile: args.includes('--profile'),
  };
}

export async function run(args: string[]): Promise<void> {
  const options = parse(args);
  const loadAverageAtStart = loadAverageNow();
  const results: SiegeResult[] = [];
  const checks: SeedBodyCheck[] = [];
  for (const runtime of options.runtimes) {
    for (const clients of options.clients) {
      const first = clients === options.clients[0];
      await session(options, runtime, clients, first, results, checks);
    }
  }
  writeRoomsReport(options, results, checks, loadAverageAtStart);
  const seedFailed = checks.some((c) => !c.pass);
  const measured = results.filter((r) => r.round > 0);
  const seedRunsBelow = measured.filter((r) => r.clients === SEED_CLIENTS && r.availability < 100);
  const exhausted = measured.filter((r) => r.poolExhausted > 0);
  if (seedFailed || seedRunsBelow.length > 0 || exhausted.length > 0) {
    console.error(
      `\n!!!!!!!! ${seedFailed ? "the seed's body was not a 400; " : ''}` +
        `${seedRunsBelow.length} 2-client run(s) below 100 %; ${exhausted.length} run(s) ran out of bookings !!!!!!!!`,
    );
    process.exitCode = 1;
  }
}

/**
 * One client count on a fresh system: its warm-up and rounds. A fresh system each time, so a run never starts
 * behind another's overload (a breaker left open by 50 clients answered the next 2-client run's first
 * check-ins 503) nor on the bookings of other runs.
 */
async function session(
  options: RoomsOptions,
  runtime: Runtime,
  clients: number,
  checkSeedBody: boolean,
  results: SiegeResult[],
  checks: SeedBodyCheck[],
): Promise<void> {
  console.log(`starting rooms (${runtime}) for ${clients} clients…`);
  const profile = options.profile ? profiling() : undefined;
  const system = await startRooms(runtime, profile?.env);
  const gw = roomsClient(system.gatewayUrl, clients + 8);
  try {
    const office = await openOffice(gw, clients);
    console.log(`  office open: ${office.members.length} members signed in`);
    if (checkSeedBody) {
      const check = await seedBody(gw, office, runtime);
      checks.push(check);
      console.log(`  ${check.pass ? 'PASS' : '!!!! FAIL'} the seed's body: ${check.detail}`);
    }
    // Transactions/s per client seen so far (the warm-up's, then the best round's), to size the next pool.
    let rate = WARMUP_RATE / clients;
    for (let round = options.warmupSeconds > 0 ? 0 : 1; round <= options.rounds; round++) {
      const seconds = round === 0 ? options.warmupSeconds : clients === SEED_CLIENTS ? SEED_SECONDS : options.seconds;
      const perClient = Math.ceil(rate * seconds * (round === 0 ? 1 : 1.5)) + 5;
      const prepared = await confirmedBookings(gw, office, clients, perClient);
      console.log(
        `  ${runtime} ${clients} clients ${round === 0 ? 'warm-up' : `round ${round}`}: ${clients} × ${perClient} ` +
          `bookings CONFIRMED in ${(prepared.preparedInMs / 1000).toFixed(1)} s; ${seconds} s of check-in + check-out…`,
      );
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      await untilRealuseAnswers(gw, office);
      if (Date.now() + seconds * 1000 + 10_000 > prepared.slotsOpenUntil) {
        throw new Error('the preparation took so long that the first slots would end during the run');
      }
      const result = await siege(gw, office, {
        runtime,
        clients,
        round,
        seconds,
        bookings: prepared.byClient,
        preparedInSec: Math.round(prepared.preparedInMs / 100) / 10,
        loadAverageBefore: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      });
      // A run that ran out of bookings saw less than the clients could do: size the next pool for more.
      const seen = result.succeeded / result.seconds / clients;
      rate = result.poolExhausted > 0 ? seen * 2 : Math.max(seen, round === 0 ? 0 : rate);
      printRun(result);
      results.push(result);
    }
  } finally {
    await gw.close();
    await system.stop();
  }
  if (profile) printProfiles(profile.dir, system.processes);
}

/** realuse answers through the gateway again (a breaker the last run left open has closed). */
async function untilRealuseAnswers(gw: RoomsClient, office: Office): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await gw.get('/realuses?size=1', office.adminToken)).status !== 200) {
    if (Date.now() > deadline) throw new Error('realuse did not answer GET /realuses for 60 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function printRun(r: SiegeResult): void {
  const errors = Object.entries(r.errors).map(([k, v]) => `${k} × ${v}`);
  const line =
    `  ${r.runtime} ${r.clients} clients ${r.round === 0 ? 'warm-up' : `round ${r.round}`}: availability ${r.availability} % ` +
    `(${r.succeeded} / ${r.attempted}), ${r.transactionsPerSec} transactions/s (${r.requestsPerSec} requests/s) ` +
    `in ${r.seconds} s; transaction p50 ${r.transactionMs.p50} ms p99 ${r.transactionMs.p99} ms max ${r.transactionMs.max} ms; ` +
    `check-in p50 ${r.checkInMs.p50} p99 ${r.checkInMs.p99}; check-out p50 ${r.checkOutMs.p50} p99 ${r.checkOutMs.p99}` +
    (errors.length > 0 ? `; ERRORS ${errors.join(', ')}` : '') +
    (r.poolExhausted > 0 ? `; ${r.poolExhausted} clients RAN OUT of bookings` : '');
  (r.availability < 100 || r.poolExhausted > 0 ? console.error : console.log)(line);
  for (const sample of r.errorSamples) console.error(`    ${sample}`);
  if (r.checkedInBehindFailure > 0) {
    console.error(
      `    ${r.checkedInBehindFailure} check-ins answered as failed had happened (their repeat answered 200)`,
    );
  }
}
