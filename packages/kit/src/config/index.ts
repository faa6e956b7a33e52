export * from './cipher.ts';
export * from './config.ts';
export { createFileConfigStore, type FileConfigStoreOptions } from './file/config-store.ts';
export { createMemoryConfigStore } from './memory/config-store.ts';
export {
  configBucket,
  createNatsConfigStore,
  dropConfigBucket,
  type NatsConfigStoreOptions,
} from './nats/config-store.ts';
export * from './settings.ts';
