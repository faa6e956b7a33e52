import { openSettings } from '../config/settings.ts';
import { silentLogger } from '../observability/logger.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { SystemDefinition } from '../runtime/system.ts';

/**
 * Sets a service's setting as an operator would (`mosaic config set`): checked against the service's schema,
 * written to the runtime's config store, which the running services watch. Resolves once it is written;
 * `settleMs` more gives the watchers time to follow (the embedded file store looks every 500 ms).
 */
export async function setServiceSetting(
  target: { definition: SystemDefinition; runtime: Runtime },
  service: string,
  key: string,
  value: unknown,
  settleMs = 600,
): Promise<void> {
  const { definition, runtime } = target;
  const schemas = definition.services.find((s) => s.definition.name === service)?.definition.settings;
  if (!schemas) throw new Error(`${definition.name}/${service} declares no settings`);
  const settings = await openSettings({
    system: definition.name,
    service,
    schemas,
    store: await runtime.configStore(definition.name),
    cipher: runtime.configCipher(),
    logger: silentLogger(),
  });
  try {
    await settings.set(key, value);
  } finally {
    settings.close();
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs));
}
