/** One operation of a gateway's OpenAPI document, as much of it as the sweep uses. */
export interface Operation {
  method: string;
  /** OpenAPI form: `/orders/{id}`. */
  path: string;
  /** Path parameters in the order they appear, with their schemas. */
  pathParams: readonly string[];
  params: Readonly<Record<string, Schema>>;
  query: Readonly<Record<string, Schema>>;
  body: Schema | undefined;
  needsToken: boolean;
  /** The service behind it (the operation's first tag), for sweeping its port directly. */
  service: string | undefined;
  /** The roles that may call it, when the gateway names them (`x-mosaic-roles`). */
  roles: readonly string[];
}

export type Schema = Readonly<Record<string, unknown>>;

interface OpenApiParameter {
  name: string;
  in: string;
  schema?: Schema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
  'x-mosaic-roles'?: string[];
  tags?: string[];
}

/** Every operation the document lists, in a stable order. */
export function operationsOf(document: unknown): Operation[] {
  const paths = ((document ?? {}) as { paths?: Record<string, Record<string, OpenApiOperation>> }).paths ?? {};
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        params: Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.schema ?? {}])),
        query: Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}])),
        body: operation.requestBody?.content?.['application/json']?.schema,
        needsToken: (operation.security ?? []).length > 0,
        roles: operation['x-mosaic-roles'] ?? [],
        service: operation.tags?.[0],
      });
    }
  }
  return operations;
}
