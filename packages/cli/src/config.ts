import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CONFIG_KEY_VARIABLE,
  type ConfigStore,
  configCipherFromEnv,
  createFileConfigStore,
  createNatsConfigStore,
  openSettings,
  parseSettingText,
  SettingRefused,
  type SettingSchemas,
} from '@mosaic/kit/config';
import { connectNats } from '@mosaic/kit/messaging';
import { createLogger } from '@mosaic/kit/observability';
import { configDir, readDistributedConfig } from '@mosaic/kit/runtime';
import { Refusal } from './refusal.ts';
import { pickSystems, UsageError } from './systems.ts';

export interface ConfigOptions {
  dataDir: string;
  distributed: boolean;
}

const VERBS = 'config set <system>/<service> <key> <value> | get <system>/<service> <key> | list <system>/<service>';

/**
 * `mosaic config set|get|list`: a service's settings, on the store its running instances follow (embedded: the
 * files beside the system's data; --distributed: NATS KV), checked against the schemas its definition declares,
 * so a value the service would refuse is refused here, before anything is stored.
 */
export async function config(args: readonly string[], options: ConfigOptions): Promise<void> {
  const [verb, target, key, value, ...extra] = args;
  const wanted = verb === 'set' ? 4 : verb === 'get' ? 3 : verb === 'list' ? 2 : 0;
  if (wanted === 0 || args.length !== wanted || extra.length > 0 || !target) throw new UsageError(`usage: ${VERBS}`);
  const { system, service, schemas } = settingsOf(target);
  const store = options.distributed ? await natsStore(system) : fileStore(options.dataDir, system);
  const cipher = configCipherFromEnv(process.env);
  // Values that cannot be read (another key) are said on stderr in one line each, and their default shown.
  const logger = createLogger({
    level: 'warn',
    destination: {
      write(line: string) {
        const { msg, err } = JSON.parse(line) as { msg?: string; err?: { message?: string } };
        console.error(`mosaic: ${msg}${err?.message ? `: ${err.message}` : ''}`);
      },
    },
  });
  const settings = await openSettings({ system, service, schemas, store, cipher, logger });
  try {
    if (verb === 'list') {
      for (const s of settings.list())
        console.log(`${s.key} = ${JSON.stringify(s.value)}${s.source === 'default' ? ' (default)' : ''}`);
      return;
    }
    if (!key || !(key in schemas)) {
      throw new Refusal(`${target} has no setting ${key} (its settings: ${Object.keys(schemas).sort().join(', ')})`);
    }
    if (verb === 'get') {
      console.log(JSON.stringify(settings.get(key)));
      return;
    }
    const parsed = parseSettingText(value ?? '');
    try {
      await settings.set(key, parsed);
    } catch (error) {
      if (error instanceof SettingRefused) throw new Refusal(`${error.message}; nothing was changed`);
      throw error;
    }
    if (!cipher.encrypts) console.error(`mosaic: ${CONFIG_KEY_VARIABLE} is not set: the value is stored unencrypted`);
    console.log(`${target} ${key} = ${JSON.stringify(parsed)}`);
  } finally {
    settings.close();
    await store.close();
  }
}

function settingsOf(target: string): { system: string; service: string; schemas: SettingSchemas } {
  const [systemName, service, ...more] = target.split('/');
  if (!systemName || !service || more.length > 0) {
    throw new UsageError(`"${target}": name the service as <system>/<service>, e.g. school/auth`);
  }
  const [system] = pickSystems([systemName]);
  const found = system?.services.find((s) => s.definition.name === service);
  if (!system || !found) {
    const known = system?.services.map((s) => s.definition.name).join(', ');
    throw new UsageError(`${systemName} has no service ${service} (its services: ${known})`);
  }
  const schemas = found.definition.settings ?? {};
  if (Object.keys(schemas).length === 0) throw new Refusal(`${target} declares no settings`);
  return { system: system.name, service, schemas };
}

/**
 * The embedded runtime's files. A system never started on the data dir is refused rather than given a config
 * directory: a mistyped --data would otherwise set a value no running process reads.
 */
function fileStore(dataDir: string, system: string): ConfigStore {
  const dir = resolve(dataDir);
  if (!existsSync(join(dir, system))) {
    throw new Refusal(
      `${system} has never been started on ${dir}: start it there (npm start -- ${system}), ` +
        'or name its data directory with --data DIR',
    );
  }
  return createFileConfigStore(configDir(dir, system));
}

/** The distributed runtime's bucket (MOSAIC_NATS_URL, MOSAIC_NAMESPACE as for `mosaic up --distributed`). */
async function natsStore(system: string): Promise<ConfigStore> {
  const { urls, namespace } = readDistributedConfig();
  const connection = await connectNats({ servers: urls.nats, name: 'mosaic config' });
  const store = await createNatsConfigStore({ connection, namespace, system });
  return {
    ...store,
    async close() {
      await store.close();
      await connection.close();
    },
  };
}
