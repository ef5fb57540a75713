/**
 * A real WebSocket as a test drives it: every server message is validated
 * against the shared protocol (`parse`) and kept in arrival order, and tests
 * take them one by one with `next`.
 */
export class TestSocket<M extends { type: string }> {
  readonly received: M[] = [];
  closed: { code: number; reason: string } | null = null;
  private cursor = 0;
  private wake: (() => void) | null = null;

  constructor(
    readonly ws: WebSocket,
    parse: (data: unknown) => M,
    readonly label = 'socket',
  ) {
    ws.addEventListener('message', (event) => {
      const message = parse(JSON.parse(event.data as string));
      this.received.push(message);
      this.onMessage(message);
      this.wake?.();
    });
    ws.addEventListener('close', (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake?.();
    });
  }

  /** Subclasses keep derived state (a list, a player) from each message here. */
  protected onMessage(_message: M): void {}

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message of this type (matching `where`) after the last one taken; earlier ones of other kinds are skipped. */
  async next<T extends M['type']>(type: T, where: (m: Extract<M, { type: T }>) => boolean = () => true): Promise<Extract<M, { type: T }>> {
    let found: Extract<M, { type: T }> | undefined;
    await this.waitFor(
      () => {
        for (let i = this.cursor; i < this.received.length; i++) {
          const m = this.received[i]! as Extract<M, { type: T }>;
          if (m.type === type && where(m)) {
            this.cursor = i + 1;
            found = m;
            return true;
          }
        }
        if (this.closed) throw new Error(`${this.label} closed (${this.closed.code} ${this.closed.reason}) while waiting for ${type}`);
        return false;
      },
      `${type}; received ${JSON.stringify(this.received.slice(this.cursor)).slice(0, 500)}`,
    );
    return found!;
  }

  /** Everything of one type received so far. */
  all<T extends M['type']>(type: T): Extract<M, { type: T }>[] {
    return this.received.filter((m): m is Extract<M, { type: T }> => m.type === type);
  }

  async waitFor(done: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${this.label} timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 20);
      });
    }
  }

  async waitClosed(): Promise<{ code: number; reason: string }> {
    await this.waitFor(() => this.closed !== null, 'close');
    return this.closed!;
  }

  close(): void {
    this.ws.close(1000, 'bye');
  }
}
