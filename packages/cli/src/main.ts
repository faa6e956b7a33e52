import { parseArgs } from 'node:util';
import { Refusal } from './refusal.ts';
import { UsageError } from './usage-error.ts';

const USAGE = `mosaic — run the Mosaic systems

  mosaic up [system…] [--data DIR] [--memory] [--no-demo]
                                                 start systems in one process (default: all, data in .mosaic/);
                                                 a first start seeds demo data, whose logins every start prints;
                                                 one at a time per data directory
  mosaic up --distributed [system…] [--replicas store=2,…] [--ephemeral] [--no-demo]
                                                 every service and gateway as its own process on PostgreSQL,
                                                 MySQL/MariaDB, NATS and Redis; restarts crashed ones; logs in DIR/logs;
                                                 demo data is seeded into a system that holds none; each
                                                 gateway's URL is printed once it is ready
  mosaic run <system>/<service>                  one service process on the distributed runtime (a container)
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
      system: { type: 'string', multiple: true, default: [] },
      all: { type: 'boolean', default: false },
      distributed: { type: 'boolean', default: false },
      replicas: { type: 'string' },
      ephemeral: { type: 'boolean', default: false },
      ttl: { type: 'string' },
      write: { type: 'boolean', default: false },
      dlq: { type: 'boolean', default: false },
      limit: { type: 'string' },
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
    case 'up':
      if (values.distributed) {
        const { upDistributed } = await import('./up-distributed.ts');
        return upDistributed({
          systems: rest,
          dataDir: values.data,
          ephemeral: values.ephemeral,
          demo: !values['no-demo'],
          ...(values.replicas ? { replicas: values.replicas } : {}),
        });
      }
      if (values.replicas) throw new UsageError('--replicas needs --distributed (embedded runs one of each)');
      return (await import('./up.ts')).up({
        systems: rest,
        dataDir: values.data,
        memory: values.memory,
        demo: !values['no-demo'],
      });
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
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
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
