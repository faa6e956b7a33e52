import { parseArgs } from 'node:util';
import { dlq } from './dlq.ts';
import { UsageError } from './systems.ts';
import { up } from './up.ts';

const USAGE = `mosaic — run the Mosaic systems

  mosaic up [system…] [--data DIR] [--memory]   start systems in one process (default: all, data in .mosaic/)
  mosaic dlq list [--system S] [--all]           list dead letters (--all: replayed ones too)
  mosaic dlq replay <id>…                        hand dead letters back to their consumer group
`;

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string', default: process.env.MOSAIC_DATA ?? '.mosaic' },
      memory: { type: 'boolean', default: false },
      system: { type: 'string', multiple: true, default: [] },
      all: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  switch (command) {
    case 'up':
      return up({ systems: rest, dataDir: values.data, memory: values.memory });
    case 'dlq':
      return dlq(rest[0], rest.slice(1), { dataDir: values.data, systems: values.system, all: values.all });
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`mosaic: ${(error as Error).message}`);
    process.exit(2);
  }
  console.error('mosaic: failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
