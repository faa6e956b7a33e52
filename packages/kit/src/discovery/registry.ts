/** A running copy of a service that can take HTTP calls. */
export interface Instance {
  id: string;
  system: string;
  service: string;
  /** Base URL, e.g. http://127.0.0.1:8081 */
  url: string;
  ready: boolean;
}

/**
 * The service name a system's gateway replicas register under in the distributed runtime, so tools that find
 * processes through the registry (`mosaic prometheus-config`) find the gateways too. No client calls it.
 */
export const GATEWAY_SERVICE = 'gateway';

export type RegistryChange = { kind: 'up'; instance: Instance } | { kind: 'down'; instance: Instance };

/** Port: where instances announce themselves. Adapters: in-memory, NATS KV. */
export interface Registry {
  /** Adds or replaces an instance (same id). */
  register(instance: Instance): Promise<void>;
  deregister(id: string): Promise<void>;
  /** The known instances of one service, ready or not, from a local view kept current by watching. */
  instances(system: string, service: string): readonly Instance[];
  /** Pushes every change; returns an unsubscribe function. */
  watch(listener: (change: RegistryChange) => void): () => void;
  close(): Promise<void>;
}
