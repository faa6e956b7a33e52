import { randomBytes } from 'node:crypto';
import { type FSWatcher, watch as fsWatch } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Logger, silentLogger } from '../../observability/logger.ts';
import { type ConfigStore, SETTING_KEY } from '../config.ts';

export interface FileConfigStoreOptions {
  /** How often a watched service's files are read again, should the file system's events miss one. */
  pollMs?: number;
  logger?: Logger;
}

type Changed = (key: string, sealed: string) => void;

interface Followed {
  known: Map<string, string>;
  listeners: Set<Changed>;
  stop(): void;
}

/**
 * The embedded runtime's settings: one file per value, `<dir>/<service>/<key>` (the runtime's dir is
 * `<data>/<system>/config`, beside the system's PGlite). Files rather than rows because the PGlite belongs to
 * the running process alone, and `mosaic config set` must reach a running system. A value is written to a
 * temporary file and renamed into place, so a reader never sees half of one; one file per key means two writers
 * of different keys never undo each other. Watched with the file system's events, and read again every
 * `pollMs` in case those miss one; a write by this process reaches its other watchers at once.
 */
export function createFileConfigStore(dir: string, options: FileConfigStoreOptions = {}): ConfigStore {
  const pollMs = options.pollMs ?? 500;
  const logger = options.logger ?? silentLogger();
  const followed = new Map<string, Followed>();
  const serviceDir = (service: string) => {
    if (!SETTING_KEY.test(service)) throw new Error(`"${service}" is not a service name`);
    return join(dir, service);
  };

  async function read(service: string): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    let names: string[];
    try {
      names = await readdir(serviceDir(service));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return found;
      throw error;
    }
    for (const name of names) {
      // Temporary files start with a dot; anything else not a key is not ours.
      if (!SETTING_KEY.test(name)) continue;
      try {
        found.set(name, await readFile(join(serviceDir(service), name), 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return found;
  }

  /** Tells the service's listeners about every key whose value differs from what they last heard. */
  function announce(state: Followed, values: ReadonlyMap<string, string>): void {
    for (const [key, sealed] of values) {
      if (state.known.get(key) === sealed) continue;
      state.known.set(key, sealed);
      for (const changed of [...state.listeners]) changed(key, sealed);
    }
  }

  async function follow(service: string): Promise<Followed> {
    const existing = followed.get(service);
    if (existing) return existing;
    const path = serviceDir(service);
    await mkdir(path, { recursive: true });
    const known = await read(service);
    // Another watch of the same service may have started while this one read.
    const raced = followed.get(service);
    if (raced) return raced;
    let reading: Promise<void> | undefined;
    let again = false;
    // One read at a time; a change during a read asks for one more, so the last one is never missed.
    const reload = () => {
      if (reading) {
        again = true;
        return;
      }
      reading = read(service)
        .then((values) => announce(state, values))
        .catch((error: unknown) => logger.warn({ err: error, service }, 'reading the settings files failed'))
        .finally(() => {
          reading = undefined;
          if (again) {
            again = false;
            reload();
          }
        });
    };
    let watcher: FSWatcher | undefined;
    const poll = setInterval(reload, pollMs);
    poll.unref();
    const state: Followed = {
      known,
      listeners: new Set(),
      stop() {
        watcher?.close();
        clearInterval(poll);
        followed.delete(service);
      },
    };
    followed.set(service, state);
    try {
      // Not persistent: a store left open must not keep a process (the CLI) alive.
      watcher = fsWatch(path, { persistent: false }, reload);
      watcher.on('error', (error) => logger.warn({ err: error, service }, 'watching the settings files failed'));
    } catch (error) {
      logger.warn({ err: error, service }, 'cannot watch the settings files; reading them every poll instead');
    }
    return state;
  }

  return {
    read,
    async write(service, key, sealed) {
      if (!SETTING_KEY.test(key)) throw new Error(`"${key}" is not a setting key`);
      const path = serviceDir(service);
      await mkdir(path, { recursive: true });
      const temporary = join(path, `.${key}.${randomBytes(6).toString('hex')}`);
      try {
        // Owner only: without MOSAIC_CONFIG_KEY these are plain values.
        await writeFile(temporary, sealed, { mode: 0o600 });
        await rename(temporary, join(path, key));
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      const state = followed.get(service);
      if (state) announce(state, new Map([[key, sealed]]));
    },
    async watch(service, changed) {
      const state = await follow(service);
      state.listeners.add(changed);
      return {
        stop() {
          state.listeners.delete(changed);
          if (state.listeners.size === 0) state.stop();
        },
      };
    },
    async close() {
      for (const state of [...followed.values()]) state.stop();
    },
  };
}
