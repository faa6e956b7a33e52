/** Whether `mosaic up` serves the ops console, and where: false with `--no-console`; its defaults otherwise. */
export type ConsoleChoice = false | { host?: string; port?: number };
