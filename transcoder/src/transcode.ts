import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LosslessQuality, Rendition } from '../../core/protocol/transcode.ts';
import { transient } from './job-failure.ts';
import { type LadderSpec, ladderArgs, outputSampleRate, parseMeasurements } from './ladder.ts';
import { startLosslessRendition } from './lossless.ts';
import { masterPlaylist, measureRendition } from './master-playlist.ts';
import { type ProbedAudio, type SourceLimits, notAudio, readableReason, tooLong } from './probe.ts';
import { runProcess } from './run-process.ts';
import { sourceInputArgs } from './source-format.ts';

export interface Ladder {
  durationMs: number;
  loudnessLufs: number;
  renditions: Rendition[];
  /** The lossless rendition's format, for a lossless source (lossless.ts). */
  lossless: LosslessQuality | null;
  /** Every file to upload, relative to `outputDir`, master playlist included. */
  files: string[];
}

/**
 * Encodes `sourcePath` into the HLS ladder under `outputDir` and measures it, in
 * one ffmpeg run. At most a second past the length limit is decoded, so audio
 * that turns out longer than its header said still stops early and fails.
 */
export async function encodeLadder(
  sourcePath: string,
  probed: ProbedAudio,
  outputDir: string,
  limits: SourceLimits,
  spec: LadderSpec,
  signal: AbortSignal,
): Promise<Ladder> {
  for (const rung of spec.rungs) await mkdir(path.join(outputDir, rung.name), { recursive: true });
  const sampleRate = outputSampleRate(probed.sampleRate);
  const args = ladderArgs(sourceInputArgs(sourcePath, probed.format), sampleRate, limits.maxSourceSeconds + 1, spec);
  // A lossless source's FLAC rung runs as a process of its own, beside the ladder's.
  const losslessRun = spec.lossless ? startLosslessRendition(sourcePath, probed, outputDir, limits, signal) : null;
  const result = await runProcess('ffmpeg', args, { signal, timeoutMs: limits.processTimeoutMs, cwd: outputDir });
  const lossless = await losslessRun;
  if (result.exitCode !== 0) {
    // ffprobe accepted the file, so a decoder error here means the audio itself is damaged.
    if (/Invalid data found|Error while decoding|could not find codec/i.test(result.stderr)) throw notAudio(readableReason(result.stderr, sourcePath));
    throw transient('transcode_failed', `ffmpeg exited with code ${result.exitCode}.`);
  }
  const measured = parseMeasurements(result.stderr, sampleRate, spec.channels);
  if (!measured) throw transient('transcode_failed', 'ffmpeg finished without reporting loudness and length.');
  if (measured.durationMs === 0) throw notAudio('it contains no audio samples');
  if (measured.durationMs > limits.maxSourceSeconds * 1000) throw tooLong(limits);

  const measuredRenditions = await Promise.all(spec.rungs.map((rung) => measureRendition(outputDir, rung)));
  const losslessRendition = (await lossless?.finish(measured.durationMs)) ?? null;
  const renditions = [...measuredRenditions.map(({ files: _files, ...rendition }) => rendition), ...(losslessRendition ? [losslessRendition.rendition] : [])];
  await writeFile(path.join(outputDir, 'master.m3u8'), masterPlaylist(renditions));
  return {
    durationMs: measured.durationMs,
    loudnessLufs: measured.loudnessLufs,
    renditions,
    lossless: losslessRendition?.quality ?? null,
    files: [...measuredRenditions.flatMap((r) => r.files), ...(losslessRendition?.files ?? []), 'master.m3u8'],
  };
}
