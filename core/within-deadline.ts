/**
 * Runs tasks side by side, each given until one shared deadline: a task that
 * throws or is still busy then gives undefined, and `onMiss` hears which one and
 * why, so one slow or broken dependency never fails (or holds up) the whole.
 */
export async function withinDeadline<T>(
  tasks: (() => Promise<T>)[],
  deadlineMs: number,
  onMiss: (index: number, reason: string) => void,
): Promise<(T | undefined)[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deadlineMs);
  });
  try {
    return await Promise.all(
      tasks.map(async (task, index) => {
        const outcome = await Promise.race([
          Promise.resolve()
            .then(task)
            .then(
              (value) => ({ value }),
              (error: unknown) => ({ error }),
            ),
          deadline,
        ]);
        if (outcome !== 'late' && 'value' in outcome) return outcome.value;
        onMiss(
          index,
          outcome === 'late' ? `no answer within ${deadlineMs} ms` : outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
        );
        return undefined;
      }),
    );
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
