import {
  type RefreshSessionTables,
  refreshSessionsMigration,
  type SigningKeyTables,
  signingKeysMigration,
} from '@mosaic/kit/auth';
import type { Migrations } from '@mosaic/kit/store';
import { type ManagerTables, managersMigration } from '../accounts/managers.ts';

/** The sellers, their sessions and the key their tokens are signed with: seller's own database. */
export type SellerTables = ManagerTables & RefreshSessionTables & SigningKeyTables;

export const migrations: Migrations = {
  '001_sellers': managersMigration,
  '002_refresh_tokens': refreshSessionsMigration,
  '003_signing_keys': signingKeysMigration,
};
