/** The longest database name both PostgreSQL (63 bytes) and MySQL/MariaDB (64 characters) accept. */
const MAX_NAME = 63;

/**
 * The database a service gets on a server engine: `<prefix><service>`, lower-cased, every character
 * outside [a-z0-9_] turned into `_`, so it never needs quoting rules that differ between engines.
 */
export function serviceDatabaseName(prefix: string, service: string): string {
  const name = `${prefix}${service}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!service || name.length > MAX_NAME) {
    throw new Error(
      `database name "${name}" for service "${service}" must be 1 to ${MAX_NAME} characters: shorten the prefix or the service name`,
    );
  }
  return name;
}

/** The same URL pointing at another database (or at none, with an empty name). */
export function urlWithDatabase(url: string, database: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new Error(
      `"${url}" is not a database URL; expected e.g. postgres://127.0.0.1:5432 or mysql://root@127.0.0.1:3306`,
      {
        cause: error,
      },
    );
  }
  parsed.pathname = database ? `/${database}` : '';
  return parsed.toString();
}

/**
 * The URL with a user name: without one `pg` sends the OS user (or none at all in a bare container), while
 * the documented default `postgres://127.0.0.1:5432` means the server's usual superuser.
 */
export function withDefaultUser(url: string, user: string): string {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = user;
  return parsed.toString();
}

/** The database named in the URL's path, if any. */
export function databaseInUrl(url: string): string | undefined {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  return name || undefined;
}

/** A URL with its password hidden, for error messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
