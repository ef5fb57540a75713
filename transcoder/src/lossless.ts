import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LosslessQuality, Rendition } from '../../core/protocol/transcode.ts';
import { transient } from './job-failure.ts';
import { LOSSLESS_RUNG, type LosslessFormat, losslessRungArgs, mediaPlaylistPath } from './ladder.ts';
import { measureRendition } from './master-playlist.ts';
import type { ProbedAudio, SourceLimits } from './probe.ts';
import { runProcess } from './run-process.ts';
import { sourceInputArgs } from './source-format.ts';

/** Codecs that decode to exactly what was encoded: FLAC (also in Ogg), ALAC, and PCM in WAV and AIFF. */
const isLosslessCodec = (codec: string): boolean => codec === 'flac' || codec === 'alac' || codec.startsWith('pcm_');

const MIN_SOURCE_BITS = 16;
const MAX_SAMPLE_RATE = 96_000;

/**
 * The format of a source's lossless rendition, or null when it gets none: lossy
 * sources (MP3, AAC, Opus, Vorbis) and lossless ones under 16 bit (8-bit PCM,
 * A-law) do not. Deeper than 24 bit (32-bit or float PCM) becomes 24 bit; above
 * 96 kHz becomes 88.2 kHz (the 44.1 kHz family: 176.4, 352.8) or 96 kHz.
 */
export function losslessFormatFor(probed: Pick<ProbedAudio, 'codec' | 'sampleRate' | 'bitsPerSample'>): LosslessFormat | null {
  if (!isLosslessCodec(probed.codec) || probed.bitsPerSample < MIN_SOURCE_BITS) return null;
  const bitDepth = probed.bitsPerSample <= 16 ? 16 : 24;
  if (probed.sampleRate <= MAX_SAMPLE_RATE) return { sampleRate: probed.sampleRate, bitDepth };
  return { sampleRate: probed.sampleRate % 11025 === 0 ? 88_200 : MAX_SAMPLE_RATE, bitDepth };
}

export interface LosslessRendition {
  rendition: Rendition;
  quality: LosslessQuality;
  /** Its files, relative to the job's output directory. */
  files: string[];
}

/** The lossless rung's own ffmpeg run, on a CPU slot beside the ladder's runs (transcode.ts). */
export async function encodeLossless(
  sourcePath: string,
  probed: ProbedAudio,
  format: LosslessFormat,
  outputDir: string,
  limits: SourceLimits,
  signal: AbortSignal,
): Promise<void> {
  await mkdir(path.join(outputDir, LOSSLESS_RUNG.name), { recursive: true });
  const args = losslessRungArgs(sourceInputArgs(sourcePath, probed.format), format, probed.sampleRate, limits.maxSourceSeconds + 1);
  const result = await runProcess('ffmpeg', args, { signal, timeoutMs: limits.processTimeoutMs, cwd: outputDir });
  if (result.exitCode !== 0) throw transient('transcode_failed', `ffmpeg exited with code ${result.exitCode} encoding the lossless rendition.`);
}

/**
 * The finished rendition. `durationMs` is the decoded length the ladder's run
 * measured: ffmpeg's HLS muxer counts FLAC's short last block as a whole one,
 * so the last EXTINF is set from it before the rendition is measured.
 */
export async function measureLossless(outputDir: string, format: LosslessFormat, durationMs: number): Promise<LosslessRendition> {
  const playlistFile = path.join(outputDir, mediaPlaylistPath(LOSSLESS_RUNG));
  await writeFile(playlistFile, withTotalDuration(await readFile(playlistFile, 'utf8'), durationMs / 1000));
  const { files, ...measured } = await measureRendition(outputDir, LOSSLESS_RUNG);
  // FLAC has no target rate: its nominal one is what it measured.
  const rendition = { ...measured, bitrate_kbps: Math.max(1, Math.round(measured.average_bandwidth / 1000)) };
  return { rendition, quality: { bit_depth: format.bitDepth, sample_rate: format.sampleRate }, files };
}

/** The media playlist with its last EXTINF shortened so the segments add up to `totalSeconds` (never lengthened, never to nothing). */
export function withTotalDuration(playlist: string, totalSeconds: number): string {
  const extinfs = [...playlist.matchAll(/^#EXTINF:([\d.]+),/gm)];
  const last = extinfs.at(-1);
  if (!last || last.index === undefined) return playlist;
  const before = extinfs.slice(0, -1).reduce((sum, m) => sum + Number(m[1]), 0);
  const stated = Number(last[1]);
  const actual = totalSeconds - before;
  if (!(actual > 0) || actual >= stated) return playlist;
  return `${playlist.slice(0, last.index)}#EXTINF:${actual.toFixed(6)},${playlist.slice(last.index + last[0].length)}`;
}
