import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Rendition } from '../../core/protocol/transcode.ts';
import { AAC_LC_CODECS, type LadderRung, mediaPlaylistPath } from './ladder.ts';

export interface MediaSegment {
  uri: string;
  seconds: number;
}

/** The segments a media playlist lists, in order, with their EXTINF durations. */
export function parseMediaPlaylist(text: string): MediaSegment[] {
  const segments: MediaSegment[] = [];
  let pending: number | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#EXTINF:')) pending = Number.parseFloat(line.slice('#EXTINF:'.length));
    else if (line && !line.startsWith('#') && pending !== null) {
      segments.push({ uri: line, seconds: pending });
      pending = null;
    }
  }
  return segments;
}

/**
 * Peak and average bit rates from the real segment sizes, as HLS defines them:
 * BANDWIDTH is the highest per-segment rate, AVERAGE-BANDWIDTH the whole-stream rate.
 */
export async function measureRendition(outputDir: string, rung: LadderRung): Promise<Rendition & { files: string[] }> {
  const playlist = mediaPlaylistPath(rung);
  const segments = parseMediaPlaylist(await readFile(path.join(outputDir, playlist), 'utf8'));
  if (segments.length === 0) throw new Error(`${playlist} lists no segments`);
  let peak = 0;
  let totalBits = 0;
  let totalSeconds = 0;
  for (const segment of segments) {
    const { size } = await stat(path.join(outputDir, rung.name, segment.uri));
    const bits = size * 8;
    totalBits += bits;
    totalSeconds += segment.seconds;
    // A tail segment of a few frames says little about the rate a player must sustain.
    if (segment.seconds >= 1 || segments.length === 1) peak = Math.max(peak, bits / segment.seconds);
  }
  const average = Math.ceil(totalBits / totalSeconds);
  return {
    name: rung.name,
    bitrate_kbps: rung.bitrateKbps,
    bandwidth: Math.max(Math.ceil(peak), average),
    average_bandwidth: average,
    codecs: rung.codecs ?? AAC_LC_CODECS,
    files: [playlist, `${rung.name}/init.mp4`, ...segments.map((s) => `${rung.name}/${s.uri}`)],
  };
}

/** Our own master playlist: ffmpeg's lacks AVERAGE-BANDWIDTH and CODECS. */
export function masterPlaylist(renditions: Rendition[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const r of [...renditions].sort((a, b) => a.bandwidth - b.bandwidth)) {
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},AVERAGE-BANDWIDTH=${r.average_bandwidth},CODECS="${r.codecs}"`);
    lines.push(`${r.name}/index.m3u8`);
  }
  return `${lines.join('\n')}\n`;
}
