// Test support: a private Prometheus server (the machine's own binary) that a test starts on a configuration.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@mosaic/kit/testing/engines';
import { PROMETHEUS } from './programs.ts';

/** One sample of an instant query's answer: the series' labels and its value. */
export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export interface PrometheusServer {
  readonly url: string;
  /** An instant query through the HTTP API (`/api/v1/query`); rejects when Prometheus refuses it. */
  query(expression: string): Promise<Sample[]>;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

interface QueryAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

/** Starts `prometheus` on `configFile`, on a free loopback port with a fresh data dir; resolves once it is ready. */
export async function startPrometheus(configFile: string): Promise<PrometheusServer> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'mosaic-prometheus-'));
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS.path,
    [`--config.file=${configFile}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(data, { recursive: true, force: true });
  };
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(data, { recursive: true, force: true });
      throw new Error(`prometheus exited (${child.exitCode}) before it was ready: ${output}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`prometheus on port ${port} was not ready within 30 s: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async query(expression) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expression)}`);
      const answer = (await response.json()) as QueryAnswer;
      if (answer.status !== 'success' || !answer.data) {
        throw new Error(`prometheus refused ${expression}: ${answer.error ?? response.status}`);
      }
      return answer.data.result.map(({ metric, value }) => ({ metric, value: Number(value[1]) }));
    },
    stop,
  };
}
