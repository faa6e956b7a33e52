// The processes a gateway bench run starts and stops: Node children that announce themselves with a JSON
// line, nginx with a generated config, and (with --pin) the CPU each of them may run on.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
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

/**
 * Starts a child (on `cpu` only, when given) and waits for its first JSON line on the given stream: what it
 * says about itself, e.g. `{ port }`, in the shape the caller names.
 */
export async function startChild<Info>(
  args: string[],
  env: Record<string, string>,
  stream: 'stdout' | 'stderr',
  cpu?: number,
): Promise<{ child: ChildProcess; info: Info }> {
  const child = spawn(...onCpu(cpu, process.execPath, args), {
    env: { ...process.env, ...env },
    stdio: ['ignore', stream === 'stdout' ? 'pipe' : 'ignore', stream === 'stderr' ? 'pipe' : 'inherit'],
  });
  const info = await new Promise<Info>((resolve, reject) => {
    let text = '';
    child[stream]!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as Info);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before it started: ${text}`)));
  });
  return { child, info };
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

export function nginxInstalled(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    try {
      execFileSync(candidate, ['-v'], { stdio: 'ignore' });
      return candidate;
    } catch {}
  }
  return undefined;
}

/** nginx as a reverse proxy the way one would run it in front of a Node service: 1 worker, upstream keepalive. */
export async function startNginx(
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

/**
 * --pin: this process (every thread: autocannon's work runs here) moves to CPU 0, where the upstream will run
 * too; proxies get CPU 1. Redis, when measured, stays where the system runs it.
 */
export function pinLoadTool(): { loadCpu: number; proxyCpu: number } {
  if (cpus().length < 2) throw new Error('--pin needs two CPUs: one for the proxy, one for the load tool and upstream');
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  } catch {
    throw new Error('--pin needs taskset (Debian package util-linux)');
  }
  return { loadCpu: 0, proxyCpu: 1 };
}
