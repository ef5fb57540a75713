import { api, errorMessage } from '../api.ts';
import type { FriendActivity } from '../types.ts';

/** How often the panel asks what friends play, while it is open and the tab is visible. */
export const FRIENDS_POLL_MS = 20_000;

/**
 * Polls `GET /me/friends/activity` while started and the tab is visible; a
 * hidden tab asks nothing, and asks at once when it shows again.
 */
export class FriendActivityPoller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private active = false;
  private readonly onVisibility = () => (document.hidden ? clearTimeout(this.timer) : void this.poll());

  constructor(
    private readonly onItems: (items: FriendActivity[]) => void,
    private readonly onError: (message: string) => void,
  ) {}

  start(): void {
    if (this.active) return;
    this.active = true;
    document.addEventListener('visibilitychange', this.onVisibility);
    void this.poll();
  }

  stop(): void {
    this.active = false;
    clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** Asks now (after following someone), then on the usual beat. */
  refresh(): void {
    if (this.active) void this.poll();
  }

  private async poll(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.active || document.hidden) return;
    try {
      this.onItems((await api<{ items: FriendActivity[] }>('GET', '/api/v1/me/friends/activity')).items);
    } catch (err) {
      this.onError(errorMessage(err));
    }
    clearTimeout(this.timer);
    if (this.active && !document.hidden) this.timer = setTimeout(() => void this.poll(), FRIENDS_POLL_MS);
  }
}
