import { createLogger } from '@mosaic/kit/observability';
import { createDistributedRuntime, portTakenOr } from '@mosaic/kit/runtime';
import { type RunningService, type ServiceInterceptors, startService } from '@mosaic/kit/service';
import { listenPort, report, stopOnSignal } from './process-life.ts';
import { findService } from './targets.ts';

/**
 * `mosaic run <system>/<service>`: one service in this process on the distributed runtime — what a
 * container runs. Ready once registered; SIGTERM leaves the registry, finishes in-flight work, flushes
 * the outbox and exits.
 */
export async function run(target: string | undefined): Promise<void> {
  const { system, service } = await findService(target);
  const name = `${system.name}/${service.definition.name}`;
  const logger = createLogger();
  const runtime = await createDistributedRuntime({ systems: [system], logger });
  let running: RunningService;
  const port = listenPort(service.port);
  const drills: Drills = { reportDeliveries: false };
  try {
    running = await startService(service.definition, runtime, {
      port,
      // Only a process a supervisor or test started with an IPC channel can be drilled.
      ...(process.send ? { interceptors: drillInterceptors(drills) } : {}),
    });
  } catch (error) {
    await runtime.close().catch(() => undefined);
    throw portTakenOr(error, name, runtime.host, port);
  }
  stopOnSignal(name, logger, async () => {
    await running.stop();
    await runtime.close();
  });
  acceptDrills(running, drills);
  const storage = runtime.storageOf(system.name, service.definition.name);
  logger.info(
    { url: running.url, storage },
    `${name} ready at ${running.url} (${storage.storage} ${storage.database})`,
  );
  report({
    type: 'ready',
    name,
    url: running.url,
    port: running.port,
    pid: process.pid,
    instanceId: running.instanceId,
  });
}

/**
 * Drills a supervisor or test may ask for over IPC (never over the network): hold the outbox as if the
 * process died right after a commit, and report each event delivery so "handled by exactly one replica"
 * can be checked from outside.
 */
interface Drills {
  reportDeliveries: boolean;
}

function drillInterceptors(drills: Drills): ServiceInterceptors {
  return {
    beforeEvent(event, group) {
      if (!drills.reportDeliveries) return;
      report({ type: 'delivery', group, eventId: event.id, eventType: event.type, subject: event.subject });
    },
  };
}

function acceptDrills(running: RunningService, drills: Drills): void {
  process.on('message', (message: unknown) => {
    const drill = (message as { drill?: unknown } | null)?.drill;
    switch (drill) {
      case 'pause-relay':
        running.relay.pause();
        break;
      case 'resume-relay':
        running.relay.resume();
        break;
      case 'report-deliveries':
        drills.reportDeliveries = true;
        break;
      default:
        return;
    }
    report({ type: 'drill-done', drill });
  });
}
