/**
 * Runs work for one subject at a time, in call order, while different subjects run freely. The NATS bus
 * uses it so a replayed dead letter never runs beside a live event of the same subject in this process.
 */
export interface SubjectLocks {
  run<T>(subject: string, work: () => Promise<T>): Promise<T>;
}

export function createSubjectLocks(): SubjectLocks {
  const tails = new Map<string, Promise<void>>();
  return {
    async run(subject, work) {
      const before = tails.get(subject) ?? Promise.resolve();
      let release!: () => void;
      const done = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = before.then(() => done);
      tails.set(subject, tail);
      await before;
      try {
        return await work();
      } finally {
        release();
        if (tails.get(subject) === tail) tails.delete(subject);
      }
    },
  };
}
