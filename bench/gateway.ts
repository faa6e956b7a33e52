// `npm run bench -- gateway [--duration 10] [--rounds 2] [--connections 50] [--pin] [--profile]`
//
// One fixed upstream; the same load tool (autocannon, in this process) against, alternately: the upstream
// direct, nginx as a reverse proxy (1 worker, upstream keepalive), the floor of any Node proxy (Fastify +
// undici, no pipeline), the Mosaic gateway on a public route, and the Mosaic gateway on a route with JWT +
// per-IP + per-service limits (plus, when Redis answers, the same with the Redis adapters). Each target gets
// a warm-up, then `rounds` measured runs, interleaved. Besides req/s and latency, the CPU time each proxy
// process spends per request is read from /proc: other load on the machine skews req/s, hardly CPU/request.
// With --pin, the proxy under test gets CPU 1 to itself and the load tool and upstream share CPU 0 (taskset),
// so the proxy never waits behind them for a time slice. Its table is kept apart from the default run's, which
// is the one the goal is judged on.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineUrlsFrom, probeEngine } from '@mosaic/kit/runtime';
import autocannon from 'autocannon';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { summariseProfile } from './cpuprofile.ts';
import { BENCH_AUDIENCE, BENCH_ISSUER } from './gateway-config.ts';
import { replaceReadmeSection } from './readme-section.ts';
import { cpuSeconds } from './saga-cpu.ts';
import { vouchCost } from './vouch-cost.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

interface Options {
  durationSec: number;
  rounds: number;
  connections: number;
  /** Proxy on CPU 1, load tool and upstream on CPU 0. */
  pin: boolean;
  profile: boolean;
}

interface Target {
  name: string;
  url: string;
  headers?: Record<string, string>;
  /** The proxy's process (and its children), whose CPU time per request is measured; none for direct. */
  pid?: number;
}

/** The targets' names: the table's rows, and how the report finds the rows it compares. */
const NAMES = {
  direct: 'upstream direct',
  nginx: 'nginx',
  floor: 'node floor (node:http + undici dispatch, no pipeline)',
  full: 'mosaic full pipeline',
} as const;

/** The upstream alone under this many times nginx's req/s: the load tool, not the proxies, set the numbers. */
const LOAD_BOUND_BELOW = 1.5;

interface Sample {
  /** CPU time the proxy process tree spent per request, in µs: unlike req/s, not skewed by other load. */
  proxyCpuUsPerRequest: number | undefined;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function parse(args: string[]): Options {
  const value = (flag: string, fallback: number) => {
    const i = args.indexOf(flag);
    return i === -1 ? fallback : Number(args[i + 1]);
  };
  return {
    durationSec: value('--duration', 10),
    rounds: value('--rounds', 2),
    connections: value('--connections', 50),
    pin: args.includes('--pin'),
    profile: args.includes('--profile'),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** `command` as given, or run on one CPU only (taskset execs it, so the pid stays the command's). */
function onCpu(cpu: number | undefined, command: string, args: string[]): [string, string[]] {
  return cpu === undefined ? [command, args] : ['taskset', ['-c', String(cpu), command, ...args]];
}

/** Starts a child (on `cpu` only, when given) and waits for its first JSON line on the given stream. */
async function startChild(
  args: string[],
  env: Record<string, string>,
  stream: 'stdout' | 'stderr',
  cpu?: number,
): Promise<{ child: ChildProcess; info: Record<string, any> }> {
  const child = spawn(...onCpu(cpu, process.execPath, args), {
    env: { ...process.env, ...env },
    stdio: ['ignore', stream === 'stdout' ? 'pipe' : 'ignore', stream === 'stderr' ? 'pipe' : 'inherit'],
  });
  const info = await new Promise<Record<string, any>>((resolve, reject) => {
    let text = '';
    child[stream]!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before it started: ${text}`)));
  });
  return { child, info };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

function nginxInstalled(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    try {
      execFileSync(candidate, ['-v'], { stdio: 'ignore' });
      return candidate;
    } catch {}
  }
  return undefined;
}

/** nginx as a reverse proxy the way one would run it in front of a Node service: 1 worker, upstream keepalive. */
async function startNginx(
  binary: string,
  upstreamPort: number,
  cpu: number | undefined,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-bench-nginx-'));
  chmodSync(dir, 0o777);
  for (const sub of ['logs', 'tmp']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o777);
  }
  const config = `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log /dev/null;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  # Like Node's server and undici, never close a keep-alive connection for having served "enough" requests.
  keepalive_requests 1000000;
  upstream hello { server 127.0.0.1:${upstreamPort}; keepalive 64; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://hello;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Request-Id $request_id;
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), config);
  const child = spawn(...onCpu(cpu, binary, ['-p', dir, '-c', join(dir, 'nginx.conf')]), {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // nginx says nothing when it is ready: poll its port.
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/public/hello`);
      if (response.ok) return { child, port };
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not start; see ${dir}/logs/error.log`);
}

/** CPU seconds (user + system) of a process and all its descendants (nginx's worker), from /proc. */
function cpuSecondsOfTree(pid: number): number {
  let seconds = cpuSeconds(pid) ?? 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const child of children ? children.split(' ') : []) seconds += cpuSecondsOfTree(Number(child));
  }
  return seconds;
}

async function measure(target: Target, options: Options, durationSec: number): Promise<Sample> {
  const cpuBefore = target.pid ? cpuSecondsOfTree(target.pid) : 0;
  const result = await autocannon({
    url: target.url,
    connections: options.connections,
    duration: durationSec,
    headers: target.headers ?? {},
  });
  const cpu = target.pid ? cpuSecondsOfTree(target.pid) - cpuBefore : undefined;
  return {
    proxyCpuUsPerRequest: cpu === undefined ? undefined : (cpu * 1e6) / Math.max(1, result.requests.total),
    requestsPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** The Redis the distributed runtime would use, when it answers; the Redis row is left out otherwise. */
async function redisUrl(): Promise<string | undefined> {
  const url = engineUrlsFrom().redis;
  try {
    await probeEngine('redis', url);
    return url;
  } catch {
    return undefined;
  }
}

export async function run(args: string[]): Promise<void> {
  const options = parse(args);
  const nginx = nginxInstalled();
  if (!nginx) {
    console.error(
      'nginx is not installed, and the benchmark compares against it. Install the Debian package ' +
        '(`apt-get install -y nginx`; the bench runs its own nginx with a generated config, not the system service) ' +
        'and run it again.',
    );
    process.exit(1);
  }
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256' };
  const jwt = await new SignJWT({ role: 'student' })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
    .setSubject('student-000000000001')
    .setJti('bench-token')
    .setIssuer(BENCH_ISSUER)
    .setAudience(BENCH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);
  const redis = await redisUrl();
  const { loadCpu, proxyCpu } = options.pin ? pinLoadTool() : { loadCpu: undefined, proxyCpu: undefined };

  const children: ChildProcess[] = [];
  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'mosaic-bench-prof-')) : undefined;
  try {
    const upstream = await startChild(['--import', 'tsx', join(HERE, 'gateway-upstream.ts')], {}, 'stdout', loadCpu);
    children.push(upstream.child);
    const upstreamUrl = `http://127.0.0.1:${upstream.info.port}`;
    const proxy = await startNginx(nginx, upstream.info.port, proxyCpu);
    children.push(proxy.child);
    const floor = await startChild(
      ['--import', 'tsx', join(HERE, 'gateway-floor.ts')],
      { BENCH_UPSTREAM: upstreamUrl },
      'stdout',
      proxyCpu,
    );
    children.push(floor.child);
    const gatewayArgs = [
      ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
      '--import',
      'tsx',
      join(HERE, 'gateway-server.ts'),
    ];
    const gateway = await startChild(
      gatewayArgs,
      {
        BENCH_UPSTREAM: upstreamUrl,
        BENCH_JWK: JSON.stringify(publicJwk),
        ...(redis ? { BENCH_REDIS: redis } : {}),
      },
      'stderr',
      proxyCpu,
    );
    children.push(gateway.child);
    const [memoryPort, redisPort] = gateway.info.ports as number[];
    const bearer = { authorization: `Bearer ${jwt}` };
    const targets: Target[] = profileDir
      ? [
          {
            name: NAMES.full,
            url: `http://127.0.0.1:${memoryPort}/full/hello`,
            headers: bearer,
            pid: gateway.child.pid!,
          },
        ]
      : [
          { name: NAMES.direct, url: `${upstreamUrl}/public/hello` },
          { name: NAMES.nginx, url: `http://127.0.0.1:${proxy.port}/public/hello`, pid: proxy.child.pid! },
          {
            name: NAMES.floor,
            url: `http://127.0.0.1:${floor.info.port}/public/hello`,
            pid: floor.child.pid!,
          },
          { name: 'mosaic public route', url: `http://127.0.0.1:${memoryPort}/public/hello`, pid: gateway.child.pid! },
          {
            name: NAMES.full,
            url: `http://127.0.0.1:${memoryPort}/full/hello`,
            headers: bearer,
            pid: gateway.child.pid!,
          },
          ...(redisPort
            ? [
                {
                  name: 'mosaic full pipeline, Redis',
                  url: `http://127.0.0.1:${redisPort}/full/hello`,
                  headers: bearer,
                  pid: gateway.child.pid!,
                },
              ]
            : []),
        ];

    console.log(
      `gateway bench: ${options.connections} connections, ${options.durationSec} s × ${options.rounds} rounds per target, ` +
        `${cpus().length} CPUs, node ${process.version}` +
        (options.pin ? `; proxy on CPU ${proxyCpu}, load tool and upstream on CPU ${loadCpu}` : ''),
    );
    for (const target of targets) {
      const warm = await measure(target, options, 2);
      // A socket error or two under load is noise; wrong answers are not.
      if (warm.non2xx > 0 || warm.errors > 5) {
        throw new Error(`${target.name} answered ${warm.non2xx} non-2xx and ${warm.errors} errors while warming up`);
      }
    }
    const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const target of targets) {
        const sample = await measure(target, options, options.durationSec);
        samples.get(target.name)!.push(sample);
        console.log(
          `  round ${round + 1} ${target.name.padEnd(44)} ${sample.requestsPerSec.toFixed(0).padStart(7)} req/s  ` +
            `p50 ${sample.p50} ms  p99 ${sample.p99} ms` +
            `${sample.proxyCpuUsPerRequest === undefined ? '' : `  proxy CPU ${sample.proxyCpuUsPerRequest.toFixed(0)} µs/req`}${sample.non2xx || sample.errors ? `  (${sample.non2xx} non-2xx, ${sample.errors} errors)` : ''}`,
        );
      }
    }

    if (profileDir) {
      await stop(gateway.child);
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) throw new Error(`no CPU profile was written to ${profileDir}`);
      console.log(`\nwhere the time goes (self time, gateway process, ${join(profileDir, file)}):`);
      console.log(summariseProfile(JSON.parse(readFileSync(join(profileDir, file), 'utf8'))));
      return;
    }
    report(samples, options);
  } finally {
    for (const child of children.reverse()) await stop(child);
  }
}

/**
 * --pin: this process (every thread: autocannon's work runs here) moves to CPU 0, where the upstream will run
 * too; proxies get CPU 1. Redis, when measured, stays where the system runs it.
 */
function pinLoadTool(): { loadCpu: number; proxyCpu: number } {
  if (cpus().length < 2) throw new Error('--pin needs two CPUs: one for the proxy, one for the load tool and upstream');
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  } catch {
    throw new Error('--pin needs taskset (Debian package util-linux)');
  }
  return { loadCpu: 0, proxyCpu: 1 };
}

function report(samples: Map<string, Sample[]>, options: Options): void {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const rows = [...samples].map(([name, list]) => ({
    name,
    requestsPerSec: Math.round(mean(list.map((s) => s.requestsPerSec))),
    p50: mean(list.map((s) => s.p50)),
    p99: mean(list.map((s) => s.p99)),
    non2xx: list.reduce((a, s) => a + s.non2xx + s.errors, 0),
    proxyCpuUsPerRequest:
      list[0]?.proxyCpuUsPerRequest === undefined
        ? undefined
        : Math.round(mean(list.map((s) => s.proxyCpuUsPerRequest ?? 0))),
    // Each round's own numbers: on a shared VM they spread widely, and a mean alone hides which side of a goal
    // the rounds fell on.
    rounds: list.map((s) => ({
      requestsPerSec: Math.round(s.requestsPerSec),
      p99: s.p99,
      proxyCpuUsPerRequest: s.proxyCpuUsPerRequest === undefined ? undefined : Math.round(s.proxyCpuUsPerRequest),
    })),
  }));
  const nginx = rows.find((r) => r.name === NAMES.nginx)!;
  const withRatios = rows.map((r) => ({
    ...r,
    vsNginx: {
      requestsPerSec: ratio(r.requestsPerSec, nginx.requestsPerSec),
      p50: ratio(r.p50, nginx.p50),
      p99: ratio(r.p99, nginx.p99),
      proxyCpuUsPerRequest:
        r.proxyCpuUsPerRequest === undefined ? undefined : ratio(r.proxyCpuUsPerRequest, nginx.proxyCpuUsPerRequest!),
    },
  }));
  const date = new Date().toISOString().slice(0, 10);
  const full = withRatios.find((r) => r.name === NAMES.full)!;
  const goal = {
    throughputAtLeastHalfOfNginx: (full.vsNginx.requestsPerSec ?? 0) >= 0.5,
    p99AtMost5ms: full.p99 <= 5,
  };
  // Every authenticated request now carries the gateway's signed vouch (issue #20), checked again at the service.
  const vouch = vouchCost();
  const result = {
    date: new Date().toISOString(),
    vouchUsPerRequest: vouch,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    options: {
      connections: options.connections,
      durationSec: options.durationSec,
      rounds: options.rounds,
      pinned: options.pin,
    },
    rows: withRatios,
    goal,
  };
  const resultsDir = join(HERE, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const kind = options.pin ? 'gateway-pinned' : 'gateway';
  const file = join(resultsDir, `${kind}-${date}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  // A mean, then the spread of the rounds when there are several: "16619 (14902–18002)".
  const spread = (mean: string, values: (number | undefined)[]) => {
    const known = values.filter((v): v is number => v !== undefined);
    if (known.length < 2) return mean;
    return `${mean} (${Math.min(...known)}–${Math.max(...known)})`;
  };
  const cells = (r: (typeof withRatios)[number]) => [
    r.name,
    spread(
      String(r.requestsPerSec),
      r.rounds.map((x) => x.requestsPerSec),
    ),
    r.p50.toFixed(2),
    spread(
      r.p99.toFixed(2),
      r.rounds.map((x) => x.p99),
    ),
    r.proxyCpuUsPerRequest === undefined
      ? '–'
      : spread(
          String(r.proxyCpuUsPerRequest),
          r.rounds.map((x) => x.proxyCpuUsPerRequest),
        ),
    r.vsNginx.requestsPerSec ?? '–',
    r.vsNginx.p50 ?? '–',
    r.vsNginx.p99 ?? '–',
    r.vsNginx.proxyCpuUsPerRequest ?? '–',
  ];
  const table = [
    '| target | req/s (rounds) | p50 ms | p99 ms (rounds) | proxy CPU µs/req (rounds) | req/s vs nginx | p50 vs nginx | p99 vs nginx | CPU/req vs nginx |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...withRatios.map((r) => `| ${cells(r).join(' | ')} |`),
  ].join('\n');
  // The p99 goal is absolute, so it is read beside what nginx and the bare Node proxy reach on the same machine
  // in the same run: a proxy that does less than either cannot be expected to beat them.
  const floor = withRatios.find((r) => r.name === NAMES.floor);
  // When the upstream alone is hardly faster than through nginx, the load tool is near its own limit (e.g. on
  // one core with --pin) and holds every target back: the ratios to nginx then flatter the slower proxies.
  const direct = withRatios.find((r) => r.name === NAMES.direct);
  const loadBound = direct !== undefined && direct.requestsPerSec < LOAD_BOUND_BELOW * nginx.requestsPerSec;
  const verdict =
    `throughput ${goal.throughputAtLeastHalfOfNginx ? 'met' : 'NOT met'} (${full.vsNginx.requestsPerSec}×), ` +
    `p99 ${goal.p99AtMost5ms ? 'met' : 'NOT met'} (${full.p99.toFixed(2)} ms; in the same run nginx's own p99 was ` +
    `${nginx.p99.toFixed(2)} ms${floor ? ` and the bare Node proxy's ${floor.p99.toFixed(2)} ms` : ''})` +
    (loadBound
      ? `; but the upstream alone answered only ${direct.vsNginx.requestsPerSec}× nginx's requests per second, so ` +
        'the load tool, not the proxies, set these numbers'
      : '');
  const section = [
    `<!-- ${kind}:start -->`,
    options.pin ? `### Gateway, proxy on a CPU of its own (${date})` : `## Gateway (${date})`,
    '',
    `\`npm run bench -- gateway${options.pin ? ' --pin' : ''}\`: autocannon, ${options.connections} connections, ${options.durationSec} s × ${options.rounds} interleaved rounds per target, ` +
      `on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; ` +
      (options.pin
        ? 'each proxy alone on CPU 1, the load tool and the upstream on CPU 0 (taskset). '
        : 'load tool, upstream and proxy share the machine. ') +
      `Raw numbers: \`bench/results/${kind}-${date}.json\`.`,
    '',
    table,
    '',
    options.pin
      ? `Not the run the goal is judged on (that is the default run above, where the machine is shared as it comes); here: ${verdict}.`
      : `Goal (full pipeline ≥ 0.5× nginx throughput, p99 ≤ 5 ms at ${options.connections} connections): ${verdict}.`,
    '',
    `The vouch the full pipeline signs per authenticated request, timed in the same run: ${vouch.mintUs} µs to sign ` +
      `at the gateway${full.proxyCpuUsPerRequest ? ` (${Math.round((vouch.mintUs / full.proxyCpuUsPerRequest) * 1000) / 10} % of its ${full.proxyCpuUsPerRequest} µs per request)` : ''}, ` +
      `${vouch.readUs} µs to check at the service.`,
    `<!-- ${kind}:end -->`,
  ].join('\n');
  replaceReadmeSection(kind, section);
  console.log(`\n${table}\n\nwrote ${file} and the table in bench/README.md`);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** `value ÷ base`, or undefined (printed '–') when the base is 0: autocannon reports whole milliseconds, so nginx's p50 can be 0. */
function ratio(value: number, base: number | undefined): number | undefined {
  return base ? round(value / base) : undefined;
}
