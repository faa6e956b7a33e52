// What the donuts bench reads back from the system to check it: list answers and the factory's jobs.
import type { RoomsClient } from './rooms-http.ts';

/** A list answer as rows of the shape the bench reads, or none when the answer was not a list. */
export function rowsOf<T>(body: unknown): T[] {
  return Array.isArray(body) ? (body as T[]) : [];
}

/** The jobs on the factory's page whose MessageGroupId is the restock's id (the worker's order names it so). */
export async function factoryJobsFor(gw: RoomsClient, restockId: string): Promise<number> {
  const page = await gw.get('/factory');
  const jobs = typeof page.body === 'object' && page.body !== null && 'jobs' in page.body ? page.body.jobs : [];
  return rowsOf<{ messageGroupId: string | null }>(jobs).filter((j) => j.messageGroupId === restockId).length;
}
