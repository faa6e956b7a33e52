/**
 * `listen EADDRINUSE` says neither which process wanted the port nor what to do: this says which port, of
 * which system's process, in one line. Any other error is handed back as it was.
 */
export function portTakenOr(error: unknown, what: string, host: string, port: number): unknown {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EADDRINUSE') return error;
  return new Error(
    `port ${port} on ${host}, where ${what} listens, is taken (by another Mosaic, or another program): stop that first`,
    { cause: error },
  );
}
