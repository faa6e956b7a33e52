/** A signing key's life: from when it signs, and from when it no longer does (null while it is the newest). */
export interface KeyLife {
  kid: string;
  active_from: number;
  retired_at: number | null;
}

/** The newest key already active at `now`: tokens are signed with it. */
export function signingKeyAt<K extends KeyLife>(keys: readonly K[], now: number): K | undefined {
  let best: K | undefined;
  for (const key of keys) {
    if (key.active_from > now) continue;
    if (key.retired_at !== null && key.retired_at <= now) continue;
    if (!best || key.active_from > best.active_from) best = key;
  }
  return best;
}

/**
 * Keys to publish: every key not yet active (so verifiers know it before it signs), every active one, and
 * every retired one whose last token (signed at most at `retired_at`) may still be unexpired.
 */
export function publishedKeys<K extends KeyLife>(keys: readonly K[], now: number, longestLifetimeSec: number): K[] {
  return keys.filter((k) => k.retired_at === null || k.retired_at + longestLifetimeSec > now);
}
