import type { ServiceContext } from '@mosaic/kit/service';
import type { ClubContext } from './commands.ts';
import { directoryFiles, tableFiles } from './files.ts';
import type { ClubTables } from './store/tables.ts';

/** What the kit hands the club's endpoints. */
export type ClubServiceContext = ServiceContext<ClubTables, 'auth'>;

/**
 * Where logos go: files under `MOSAIC_SCHOOL_FILES_DIR` when it is set, otherwise the club's own database
 * (so they live wherever the runtime keeps the club's data, and every replica sees the same ones).
 */
const filesDir = process.env.MOSAIC_SCHOOL_FILES_DIR;

/** One use-case context per running club service (its store), built on first use. */
const contexts = new WeakMap<ClubServiceContext['store'], ClubContext>();

/** The club's use-case context: the service's own, and where its logos are kept. */
export function clubContext(ctx: ClubServiceContext): ClubContext {
  let known = contexts.get(ctx.store);
  if (!known) {
    const directory = filesDir ? directoryFiles(filesDir) : undefined;
    known = { ...ctx, files: (db) => directory ?? tableFiles(db, ctx.clock) };
    contexts.set(ctx.store, known);
  }
  return known;
}
