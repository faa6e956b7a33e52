import {
  type RefreshSessionTables,
  refreshSessionsMigration,
  type SigningKeyTables,
  signingKeysMigration,
} from '@mosaic/kit/auth';
import type { Migrations } from '@mosaic/kit/store';
import { type ManagerTables, managersMigration } from '../accounts/managers.ts';

/** The supervisors, their sessions and the key their tokens are signed with: supervisor's own database. */
export type SupervisorTables = ManagerTables & RefreshSessionTables & SigningKeyTables;

export const migrations: Migrations = {
  '001_supervisors': managersMigration,
  '002_refresh_tokens': refreshSessionsMigration,
  '003_signing_keys': signingKeysMigration,
};
