import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Logger } from '../observability/logger.ts';
import type { ConfigCipher } from './cipher.ts';
import { type ConfigStore, SETTING_KEY, type SettingSchemas, type Settings, type SettingValue } from './config.ts';

/** A value refused at `set`: unknown setting, or one its schema does not allow. Nothing was stored. */
export class SettingRefused extends Error {}

export interface SettingsOptions<S extends SettingSchemas> {
  system: string;
  service: string;
  schemas: S;
  store: ConfigStore;
  cipher: ConfigCipher;
  logger: Logger;
}

/** A service's settings with the operator's side: `set`, and `close` to stop following changes. */
export interface ServiceSettings<S extends SettingSchemas = SettingSchemas> extends Settings<S> {
  set(key: string, value: unknown): Promise<void>;
  close(): void;
}

/**
 * Checks a service's declarations at definition time: each key is dotted words and each schema has a default
 * its schema allows, so `get` always has an answer and a typo fails the start, not a request.
 */
export function checkSettingSchemas(owner: string, schemas: SettingSchemas): void {
  for (const [key, schema] of Object.entries(schemas)) {
    if (!SETTING_KEY.test(key)) throw new Error(`${owner} setting "${key}": use dotted words, e.g. token.access_ttl`);
    if (!('default' in schema)) throw new Error(`${owner} setting ${key} has no default`);
    const problem = schemaProblem(schema, schema.default);
    if (problem) throw new Error(`${owner} setting ${key}: its default ${problem}`);
  }
}

/** Why `value` breaks `schema`, in TypeBox's words, or undefined when it does not. */
export function schemaProblem(schema: TSchema, value: unknown): string | undefined {
  if (Value.Check(schema, value)) return undefined;
  const first = Value.Errors(schema, value).First();
  const at = first?.path ? ` at ${first.path}` : '';
  return `is refused: ${first?.message ?? 'does not match the schema'}${at}`;
}

/** A value as typed on a command line: JSON when it parses (`5`, `true`, `"x"`, `[1]`), else the text itself. */
export function parseSettingText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Opens a service's settings on a store: reads what is set, then follows every change, so `get` answers from
 * memory with the current value. A value that cannot be read (another key, tampered, no longer allowed by the
 * schema) is logged as an error and its default used: a bad value must not stop the service.
 */
export async function openSettings<S extends SettingSchemas>(options: SettingsOptions<S>): Promise<ServiceSettings<S>> {
  const { system, service, schemas, store, cipher, logger } = options;
  const current = new Map<string, unknown>();
  const where = (key: string) => `${system}/${service}/${key}`;

  const apply = (key: string, sealed: string) => {
    const schema = schemas[key];
    // A key set by a newer version of the service, or one it no longer declares: nothing reads it.
    if (!schema) return;
    try {
      const value: unknown = JSON.parse(cipher.open(where(key), sealed));
      const problem = schemaProblem(schema, value);
      if (problem) throw new Error(`the value set for ${where(key)} ${problem}`);
      current.set(key, value);
    } catch (error) {
      current.delete(key);
      logger.error({ err: error, setting: key }, `setting ${key} cannot be read; using its default`);
    }
  };

  const declared = Object.keys(schemas).length > 0;
  const watch = declared ? await store.watch(service, apply) : undefined;
  if (declared) for (const [key, sealed] of await store.read(service)) apply(key, sealed);

  const settingOf = (key: string): SettingValue => {
    const set = current.has(key);
    return { key, value: set ? current.get(key) : schemas[key]?.default, source: set ? 'set' : 'default' };
  };
  return {
    get<K extends keyof S & string>(key: K): Static<S[K]> {
      if (!(key in schemas)) throw new Error(`${system}/${service} declares no setting ${key}`);
      return settingOf(key).value as Static<S[K]>;
    },
    list: () => Object.keys(schemas).sort().map(settingOf),
    async set(key, value) {
      const schema = schemas[key];
      if (!schema) {
        const known = Object.keys(schemas).sort().join(', ') || 'none';
        throw new SettingRefused(`${system}/${service} has no setting ${key} (its settings: ${known})`);
      }
      const problem = schemaProblem(schema, value);
      if (problem) throw new SettingRefused(`${where(key)}: ${JSON.stringify(value)} ${problem}`);
      const sealed = cipher.seal(where(key), JSON.stringify(value));
      await store.write(service, key, sealed);
      // Seen here at once, whatever the adapter's watch takes to come round.
      current.set(key, value);
    },
    close: () => watch?.stop(),
  };
}
