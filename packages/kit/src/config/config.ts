import type { Static, TSchema } from '@sinclair/typebox';

/**
 * A service's settings, declared in its `defineService` (`settings: { 'address.limit': Type.Integer({ default:
 * 3 }) }`): each a TypeBox schema with its default. Values are set at run time (`mosaic config set`), so an
 * operator changes a limit without a deploy.
 */
export type SettingSchemas = Readonly<Record<string, TSchema>>;

/** One setting as `list` shows it: where its value came from. */
export interface SettingValue {
  key: string;
  value: unknown;
  /** `default`: nothing was set, or what was set could not be read (it is logged). */
  source: 'default' | 'set';
}

/** What a service's code reads (`ctx.settings`): always the current value, typed from its schema. */
export interface Settings<S extends SettingSchemas = SettingSchemas> {
  get<K extends keyof S & string>(key: K): Static<S[K]>;
  list(): SettingValue[];
}

/**
 * Port: where a system's set values live, already sealed (see `cipher.ts`), so no adapter ever holds a plain
 * secret or decides about encryption. Adapters: memory/ (tests, `--memory`), file/ (the embedded runtime: files
 * beside the system's data, so `mosaic config` can write while the system runs), nats/ (distributed: a KV
 * bucket, watched). Every adapter tells its watchers about a change by any process within a second.
 */
export interface ConfigStore {
  /** The sealed values set for a service, by key. */
  read(service: string): Promise<ReadonlyMap<string, string>>;
  write(service: string, key: string, sealed: string): Promise<void>;
  /**
   * Calls `changed` with each key of the service set from now on, by this or any other process. Started before
   * `read` by whoever needs both, so nothing set in between is missed.
   */
  watch(service: string, changed: (key: string, sealed: string) => void): Promise<ConfigWatch>;
  close(): Promise<void>;
}

export interface ConfigWatch {
  stop(): void;
}

/** A key is a filename and a NATS key part in the adapters: dotted words, like `token.access_ttl`. */
export const SETTING_KEY = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
