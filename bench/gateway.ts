// `npm run bench -- gateway [--duration 10] [--rounds 2] [--connections 50] [--pin] [--profile [--traced]]`
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
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineUrlsFrom, probeEngine } from '@mosaic/kit/runtime';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { summariseProfile } from './cpuprofile.ts';
import { BENCH_AUDIENCE, BENCH_ISSUER } from './gateway-config.ts';
import { measure, NAMES, type Options, type Sample, type Target } from './gateway-measure.ts';
import { nginxInstalled, pinLoadTool, startChild, startNginx, stop } from './gateway-processes.ts';
import { report } from './gateway-report.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

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
    traced: args.includes('--traced'),
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
    const upstream = await startChild<{ port: number }>(
      ['--import', 'tsx', join(HERE, 'gateway-upstream.ts')],
      {},
      'stdout',
      loadCpu,
    );
    children.push(upstream.child);
    const upstreamUrl = `http://127.0.0.1:${upstream.info.port}`;
    const proxy = await startNginx(nginx, upstream.info.port, proxyCpu);
    children.push(proxy.child);
    const floor = await startChild<{ port: number }>(
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
    // Where a traced gateway's spans go: a sink process that counts them (otlp-sink.ts).
    const sink = await startChild<{ port: number }>(
      ['--import', 'tsx', join(HERE, 'otlp-sink.ts')],
      {},
      'stdout',
      loadCpu,
    );
    children.push(sink.child);
    const sinkUrl = `http://127.0.0.1:${sink.info.port}`;
    // One port per gateway: the memory adapters' and, when Redis answers, the Redis adapters'.
    const gateway = await startChild<{ ports: number[] }>(
      gatewayArgs,
      {
        BENCH_UPSTREAM: upstreamUrl,
        BENCH_JWK: JSON.stringify(publicJwk),
        ...(redis ? { BENCH_REDIS: redis } : {}),
        // `--profile --traced`: the profiled gateway exports its spans, to see what tracing costs.
        ...(profileDir && options.traced ? { OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl } : {}),
      },
      'stderr',
      proxyCpu,
    );
    children.push(gateway.child);
    const [memoryPort, redisPort] = gateway.info.ports;
    // The same gateway with tracing on: every request's spans sampled and exported over OTLP to the sink.
    const traced = await startChild<{ ports: number[] }>(
      gatewayArgs.filter((arg) => !arg.startsWith('--cpu-prof') && arg !== profileDir),
      { BENCH_UPSTREAM: upstreamUrl, BENCH_JWK: JSON.stringify(publicJwk), OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl },
      'stderr',
      proxyCpu,
    );
    children.push(traced.child);
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
          {
            name: NAMES.traced,
            url: `http://127.0.0.1:${traced.info.ports[0]}/full/hello`,
            headers: bearer,
            pid: traced.child.pid!,
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
      // tsx's loader runs on a worker thread, which writes a profile of its own: the gateway's is the largest.
      const file = readdirSync(profileDir)
        .filter((f) => f.endsWith('.cpuprofile'))
        .sort((a, b) => statSync(join(profileDir, b)).size - statSync(join(profileDir, a)).size)[0];
      if (!file) throw new Error(`no CPU profile was written to ${profileDir}`);
      console.log(`\nwhere the time goes (self time, gateway process, ${join(profileDir, file)}):`);
      console.log(summariseProfile(JSON.parse(readFileSync(join(profileDir, file), 'utf8'))));
      return;
    }
    const exported = (await (await fetch(`${sinkUrl}/count`)).json()) as { spans: number };
    report(samples, options, exported.spans);
  } finally {
    for (const child of children.reverse()) await stop(child);
  }
}
