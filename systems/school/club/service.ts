import { defineService } from '@mosaic/kit/service';
import { AUTH_BREAKER, AUTH_TIMEOUT_MS } from './clients.ts';
import { directoryFiles, tableFiles } from './files.ts';
import { clubRoutes } from './http.ts';
import { type ClubTables, migrations } from './store.ts';

/**
 * Where logos go: files under `MOSAIC_SCHOOL_FILES_DIR` when it is set, otherwise the club's own database
 * (so they live wherever the runtime keeps the club's data, and every replica sees the same ones).
 */
const filesDir = process.env.MOSAIC_SCHOOL_FILES_DIR;

/** Clubs and recruitments (spec §1.2, §2.4); asks auth whether students exist. */
export const clubService = defineService<ClubTables, 'auth'>({
  name: 'club',
  system: 'school',
  migrations,
  clients: { auth: { timeoutMs: AUTH_TIMEOUT_MS, breaker: AUTH_BREAKER, retry: { attempts: 1 } } },
  routes: (app, ctx) => {
    const directory = filesDir ? directoryFiles(filesDir) : undefined;
    return clubRoutes(app, {
      ...ctx,
      files: (db) => directory ?? tableFiles(db, ctx.clock),
    });
  },
});
