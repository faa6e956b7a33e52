import type { Instance, RegistryChange } from '../registry.ts';

/** What an instance puts under its key: itself, and when it last said it was alive. */
export interface Announcement {
  instance: Instance;
  /** Epoch ms of the put, by the announcing process's clock. */
  heartbeatAt: number;
  /** How long after `heartbeatAt` the announcement stands without a newer one. */
  ttlMs: number;
}

/**
 * The local, current picture of a KV bucket of announcements. Deletes are not enough to keep it true: on
 * NATS 2.9 a key the bucket's TTL removes sends watchers no delete, so an announcement also ends when its
 * heartbeat is older than its TTL. Freshness is only judged while this process can hear the bucket:
 * while disconnected nobody's heartbeat reaches us, which says nothing about them.
 */
export function createAnnouncementView(emit: (change: RegistryChange) => void) {
  const known = new Map<string, Announcement>();
  // The last revision seen per key, deletes included, so a late snapshot read never resurrects a key.
  const revisions = new Map<string, number>();
  let hearingSince = 0;
  let hearing = true;

  const alive = (a: Announcement, now: number) => !hearing || now - Math.max(a.heartbeatAt, hearingSince) <= a.ttlMs;

  const isNewer = (key: string, revision: number) => revision > (revisions.get(key) ?? 0);

  function drop(key: string) {
    const gone = known.get(key);
    if (!gone) return;
    known.delete(key);
    emit({ kind: 'down', instance: gone.instance });
  }

  return {
    /**
     * A put seen on the bucket (or read from it). Older revisions than what is known are ignored. This
     * process's own put goes through here too, as soon as NATS acknowledged it (with `now` = its heartbeat, so
     * it counts as fresh): callers see it before the watch echoes it, and the echo (same revision) changes
     * nothing.
     */
    put(key: string, revision: number, announcement: Announcement, now: number) {
      if (!isNewer(key, revision)) return;
      revisions.set(key, revision);
      if (!alive(announcement, now)) {
        drop(key);
        return;
      }
      const before = known.get(key)?.instance;
      known.set(key, announcement);
      const { instance } = announcement;
      // A heartbeat that changes nothing is not news: watchers hear only arrivals and changes.
      if (!before || before.url !== instance.url || before.ready !== instance.ready) emit({ kind: 'up', instance });
    },

    /** A delete or purge seen on the bucket. */
    remove(key: string, revision: number) {
      if (!isNewer(key, revision)) return;
      revisions.set(key, revision);
      drop(key);
    },

    /**
     * This process's own delete. Echoes of its earlier puts carry revisions already recorded by `put`, so
     * none of them can bring the key back.
     */
    removeOwn(key: string) {
      drop(key);
    },

    /** Ends every announcement whose heartbeat is older than its TTL. */
    expire(now: number) {
      for (const [key, announcement] of known) if (!alive(announcement, now)) drop(key);
    },

    /** The bucket went out of earshot (false) or came back (true). */
    hearing(connected: boolean, now: number) {
      if (connected && !hearing) hearingSince = now;
      hearing = connected;
    },

    instances(system: string, service: string, now: number): Instance[] {
      const found: Instance[] = [];
      for (const announcement of known.values()) {
        const { instance } = announcement;
        if (instance.system === system && instance.service === service && alive(announcement, now)) {
          found.push(instance);
        }
      }
      return found;
    },

    keyOf(id: string): string | undefined {
      for (const [key, announcement] of known) if (announcement.instance.id === id) return key;
      return undefined;
    },

    clear() {
      known.clear();
      revisions.clear();
    },
  };
}

export type AnnouncementView = ReturnType<typeof createAnnouncementView>;
