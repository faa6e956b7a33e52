import type { Migrations } from '../store/migrations.ts';
import { type InboxTables, inboxMigration } from './inbox.ts';
import { type OutboxTables, outboxMigration } from './outbox.ts';

/** The tables the kit keeps in every service's database, beside the service's own: messaging's outbox and inbox. */
export interface KitTables extends OutboxTables, InboxTables {}

// The names are recorded in every service's `mosaic_kit_migration` table: never rename or reorder them.
export const kitMigrations: Migrations = {
  '001_outbox': outboxMigration,
  '002_inbox': inboxMigration,
};
