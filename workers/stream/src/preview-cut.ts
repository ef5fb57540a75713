/**
 * A VOD media playlist cut to its first `seconds`: the header, then whole
 * segments while their durations add up to at most `seconds`, then
 * `#EXT-X-ENDLIST`. Segments are never split (no new encode), and the limit
 * is strict, so a ladder of 6 s segments (each an AAC frame or so over 6 s)
 * gives a 24 s preview. A master
 * playlist (no `#EXTINF`) is returned as it is.
 */
export function cutToPreview(playlist: string, seconds: number): string {
  const lines = playlist.split(/\r?\n/);
  if (!lines.some((line) => line.startsWith('#EXTINF:'))) return playlist;
  const kept: string[] = [];
  let total = 0;
  let pending: string[] | null = null;
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed === '#EXT-X-ENDLIST') continue;
    if (trimmed.startsWith('#EXTINF:')) {
      const duration = Number.parseFloat(trimmed.slice('#EXTINF:'.length));
      if (!Number.isFinite(duration) || total + duration > seconds) break;
      total += duration;
      pending = [trimmed];
    } else if (pending) {
      pending.push(trimmed);
      // A URI line ends the segment's block (its tags came before it).
      if (!trimmed.startsWith('#')) {
        kept.push(...pending);
        pending = null;
      }
    } else {
      kept.push(trimmed);
    }
  }
  return `${[...kept, '#EXT-X-ENDLIST'].join('\n')}\n`;
}
