import { parseArgs } from 'node:util';
import type { ConsoleChoice } from './console-choice.ts';
import { Refusal } from './refusal.ts';
import { UsageError } from './usage-error.ts';

const USAGE = `mosaic — run the Mosaic systems

  mosaic up [system…] [--data DIR] [--memory] [--no-demo] [console options]
                                                 start systems in one process (default: all, data in .mosaic/);
                                                 a first start seeds demo data, whose logins every start prints;
                                                 one at a time per data directory
  mosaic up --distributed [system…] [--replicas store=2,…] [--ephemeral] [--no-demo] [console options]
                                                 every service and gateway as its own process on PostgreSQL,
                                                 MySQL/MariaDB, NATS and Redis; restarts crashed ones; logs in DIR/logs;
                                                 demo data is seeded into a system that holds none; each
                                                 gateway's URL is printed once it is ready
      console options: the ops console (topology, live rates, breakers, messaging, sagas, traces) is served
      at http://127.0.0.1:8000 by both; --console-port N (0: any free port), --console-host H (any address
      but loopback asks for an operator token, \`mosaic operator-token\`), --no-console to run without it
  mosaic run <system>/<service>                  one service process on the distributed runtime (a container)
  mosaic console [system…] [console options]     the ops console alone on the distributed runtime (a container):
                                                 replicas and gateways from the NATS KV registry
  mosaic gateway <system>                        one gateway process on the distributed runtime (a container)
  mosaic dlq list [--system S] [--all]           list dead letters (--all: replayed ones too)
  mosaic dlq replay <id>…                        hand dead letters back to their consumer group
  mosaic queue list [--system S]                 work queues: depth, in flight, oldest message, dead letters
  mosaic queue peek <queue> [--dlq] [--limit N]  the messages waiting (--dlq: the dead letters, with their errors)
  mosaic queue redrive <queue> [id…]             dead letters (all, or those named) back on their queue
  mosaic describe <system> [--write]             print a system's reference (endpoints, events, sagas, errors) from
                                                 its definitions; --write: into docs/systems/<system>.md (all systems
                                                 when none is named)
  mosaic operator-token [system…] [--distributed] [--data DIR] [--ttl SECONDS]
                                                 print a token for the operator routes (/admin/* on each service;
                                                 send it as Authorization: Bearer <token>), valid 12 h or --ttl;
                                                 one system named: the token alone. Embedded: signed with the key
                                                 a system's first start writes to DIR/<system>/system.key (a system
                                                 never started there, or started with --memory, has none);
                                                 --distributed: the key in NATS KV (MOSAIC_NATS_URL, MOSAIC_NAMESPACE)
  mosaic prometheus-config [system…] [--out FILE] [--interval 15s] [--distributed] [--data DIR]
                                                 a Prometheus scrape configuration (YAML, stdout or FILE) for every
                                                 process running now: one job per system, a target per gateway and
                                                 service instance, labelled system, service, instance. From the
                                                 \`mosaic up\` running on DIR; --distributed (or a running
                                                 \`mosaic up --distributed\`): every replica in the NATS KV registry
                                                 (MOSAIC_NATS_URL, MOSAIC_NAMESPACE). Write it again after scaling
  mosaic config set <system>/<service> <key> <value> [--distributed] [--data DIR]
  mosaic config get <system>/<service> <key>     a service's settings, changed while it runs (every instance sees a
  mosaic config list <system>/<service>          set within a second); the value is JSON when it parses, else text,
                                                 checked against the setting's schema (a negative number after --);
                                                 encrypted with MOSAIC_CONFIG_KEY (32 bytes, hex or base64) when set.
                                                 Embedded: files in DIR/<system>/config; --distributed: NATS KV

mosaic dlq and mosaic queue sign their own operator token the same way, or sends MOSAIC_OPERATOR_TOKEN when set (one system's).

Engines (distributed): MOSAIC_POSTGRES_URL, MOSAIC_MYSQL_URL, MOSAIC_NATS_URL, MOSAIC_REDIS_URL (local defaults);
MOSAIC_STORAGE_<SYSTEM>_<SERVICE>=postgres|mysql moves one service's database; MOSAIC_PORT sets a process's port;
MOSAIC_NAMESPACE prefixes everything created on the engines; MOSAIC_NODE_ARGS adds node flags to supervised children.
`;

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string', default: process.env.MOSAIC_DATA ?? '.mosaic' },
      memory: { type: 'boolean', default: false },
      'no-demo': { type: 'boolean', default: false },
      'no-console': { type: 'boolean', default: false },
      'console-port': { type: 'string' },
      'console-host': { type: 'string' },
      system: { type: 'string', multiple: true, default: [] },
      all: { type: 'boolean', default: false },
      distributed: { type: 'boolean', default: false },
      replicas: { type: 'string' },
      ephemeral: { type: 'boolean', default: false },
      ttl: { type: 'string' },
      write: { type: 'boolean', default: false },
      dlq: { type: 'boolean', default: false },
      limit: { type: 'string' },
      out: { type: 'string' },
      interval: { type: 'string', default: '15s' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  // Each command's module is loaded when it runs: `mosaic run` needs neither the embedded runtime nor the
  // other systems, and every test and container that starts a process pays for what it imports.
  switch (command) {
    case 'up': {
      const consoleChoice = consoleOptions(values);
      if (values.distributed) {
        const { upDistributed } = await import('./up-distributed.ts');
        return upDistributed({
          systems: rest,
          dataDir: values.data,
          ephemeral: values.ephemeral,
          demo: !values['no-demo'],
          console: consoleChoice,
          ...(values.replicas ? { replicas: values.replicas } : {}),
        });
      }
      if (values.replicas) throw new UsageError('--replicas needs --distributed (embedded runs one of each)');
      return (await import('./up.ts')).up({
        systems: rest,
        dataDir: values.data,
        memory: values.memory,
        demo: !values['no-demo'],
        console: consoleChoice,
      });
    }
    case 'run':
      return (await import('./run.ts')).run(rest[0]);
    case 'gateway':
      return (await import('./gateway.ts')).gateway(rest[0]);
    case 'dlq':
      return (await import('./dlq.ts')).dlq(rest[0], rest.slice(1), {
        dataDir: values.data,
        systems: values.system,
        all: values.all,
      });
    case 'queue':
      return (await import('./queue.ts')).queue(rest[0], rest.slice(1), {
        dataDir: values.data,
        systems: values.system,
        dlq: values.dlq,
        ...(values.limit ? { limit: Number(values.limit) } : {}),
      });
    case 'describe':
      return (await import('./describe.ts')).describe(rest, { write: values.write });
    case 'config':
      return (await import('./config.ts')).config(rest, { dataDir: values.data, distributed: values.distributed });
    case 'operator-token':
      return (await import('./operator-token.ts')).operatorToken({
        systems: rest,
        dataDir: values.data,
        distributed: values.distributed,
        ttl: values.ttl,
      });
    case 'console':
      return (await import('./console-alone.ts')).consoleAlone({ systems: rest, console: consoleOptions(values) });
    case 'prometheus-config':
      return (await import('./prometheus-config.ts')).prometheusConfigCommand({
        systems: rest,
        dataDir: values.data,
        distributed: values.distributed,
        interval: values.interval,
        ...(values.out !== undefined ? { out: values.out } : {}),
      });
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

/** `--no-console`, `--console-port`, `--console-host` → where `mosaic up` serves the console, or false. */
function consoleOptions(values: {
  'no-console': boolean;
  'console-port'?: string | undefined;
  'console-host'?: string | undefined;
}): ConsoleChoice {
  if (values['no-console']) {
    if (values['console-port'] !== undefined || values['console-host'] !== undefined) {
      throw new UsageError('--no-console cannot be combined with --console-port or --console-host');
    }
    return false;
  }
  const choice: Exclude<ConsoleChoice, false> = {};
  if (values['console-port'] !== undefined) {
    const port = Number(values['console-port']);
    if (!/^\d+$/.test(values['console-port']) || port > 65_535) {
      throw new UsageError(`--console-port must be a port number from 0 to 65535, got "${values['console-port']}"`);
    }
    choice.port = port;
  }
  if (values['console-host'] !== undefined) {
    if (values['console-host'] === '') throw new UsageError('--console-host needs an address, e.g. 0.0.0.0');
    choice.host = values['console-host'];
  }
  return choice;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`mosaic: ${(error as Error).message}`);
    process.exit(2);
  }
  if (error instanceof Refusal) {
    console.error(`mosaic: ${error.message}`);
    process.exit(1);
  }
  console.error('mosaic: failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
