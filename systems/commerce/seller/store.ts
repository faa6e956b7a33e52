import { type SigningKeyTables, signingKeysMigration } from '@mosaic/kit/auth';
import type { Migrations } from '@mosaic/kit/store';
import { type ManagerTables, managersMigration } from '../accounts/managers.ts';
import { refreshTokensMigration, type SessionTables } from '../accounts/sessions.ts';

/** The sellers, their sessions and the key their tokens are signed with: seller's own database. */
export type SellerTables = ManagerTables & SessionTables & SigningKeyTables;

export const migrations: Migrations = {
  '001_sellers': managersMigration,
  '002_refresh_tokens': refreshTokensMigration,
  '003_signing_keys': signingKeysMigration,
};
