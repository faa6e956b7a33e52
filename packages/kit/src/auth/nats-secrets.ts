import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { newSystemSecret, type SystemKeys, type SystemSecret, systemKeys } from './system-key.ts';

/**
 * The distributed runtime keeps each system's secret in a NATS KV bucket (`<namespace>mosaic_keys`), created
 * by whichever process of the system asks first: every replica, gateway and `mosaic operator-token` then
 * read the same one. Whoever can read that bucket can speak for the system, like whoever can publish on its
 * stream: NATS is inside the system's trust boundary.
 */
export async function secretFromNats(nats: NatsConnection, namespace: string, system: string): Promise<SystemSecret> {
  const bucket = keysBucket(namespace);
  const kvm = new Kvm(nats);
  let kv: Awaited<ReturnType<Kvm['open']>>;
  try {
    kv = await kvm.create(bucket, { history: 1 });
  } catch {
    kv = await kvm.open(bucket);
  }
  const stored = await kv.get(system);
  if (stored?.value.length) return Buffer.from(stored.value);
  try {
    // `create` fails when another process created it first: then theirs is the one.
    await kv.create(system, newSystemSecret());
  } catch {
    // fall through to read the winner's
  }
  const winner = await kv.get(system);
  if (!winner?.value.length) throw new Error(`the ${system} system's secret could not be stored in NATS KV ${bucket}`);
  return Buffer.from(winner.value);
}

/** The bucket every process of a deployment reads its systems' secrets from. */
export function keysBucket(namespace: string): string {
  return `${namespace}mosaic_keys`;
}

/** A system's keys as every distributed process of it derives them. */
export async function systemKeysFromNats(nats: NatsConnection, namespace: string, system: string): Promise<SystemKeys> {
  return systemKeys(system, await secretFromNats(nats, namespace, system));
}
