import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

type ExporterConfig = { url?: string };

/**
 * The OTLP/HTTP (JSON) exporter, loaded on its first export: it brings the OTLP transformer with the SDK's
 * logs and metrics packages, which a process that never sends a span should not spend start-up time on.
 * Without `url` it reads the standard `OTEL_EXPORTER_OTLP_*` variables itself.
 */
export function lazyOtlpExporter(config: ExporterConfig = {}): SpanExporter {
  let loading: Promise<SpanExporter> | undefined;
  const exporter = () => {
    loading ??= import('@opentelemetry/exporter-trace-otlp-http').then(
      ({ OTLPTraceExporter }) => new OTLPTraceExporter(config),
    );
    return loading;
  };
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      exporter().then(
        (loaded) => loaded.export(spans, done),
        (error: unknown) => done({ code: 1, error: error instanceof Error ? error : new Error(String(error)) }),
      );
    },
    async shutdown() {
      if (loading) await (await loading).shutdown();
    },
    async forceFlush() {
      if (loading) await (await loading).forceFlush?.();
    },
  };
}
