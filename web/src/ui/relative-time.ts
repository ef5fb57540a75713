/** "just now", "5 min ago", "3 h ago", "2 days ago": how long ago `at` was (ISO 8601 or epoch ms). */
export function timeAgo(at: string | number, now = Date.now()): string {
  const ms = now - (typeof at === 'number' ? at : Date.parse(at));
  if (!Number.isFinite(ms)) return '';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** The timestamp as an ISO string, for a `<time datetime>`. */
export const isoTime = (at: string | number): string => {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
};
