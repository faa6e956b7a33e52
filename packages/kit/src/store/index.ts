export * from './columns.ts';
export * from './database.ts';
export * from './errors.ts';
export * from './insert.ts';
export * from './kit-tables.ts';
export * from './migrations.ts';
export * from './store.ts';
