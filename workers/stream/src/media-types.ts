/** Content types by extension: players and MSE care, whatever the uploader sent. */
const byExtension: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  // The ladder is audio-only (AAC-LC in fMP4), so its init and media segments are audio/mp4.
  mp4: 'audio/mp4',
  m4s: 'audio/mp4',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  ts: 'video/mp2t',
  json: 'application/json',
};

export function mediaTypeFor(path: string, fallback = 'application/octet-stream'): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext && byExtension[ext]) || fallback;
}
