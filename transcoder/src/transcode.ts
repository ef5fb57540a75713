import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LosslessQuality, Rendition } from '../../core/protocol/transcode.ts';
import type { CpuSlots } from './cpu-slots.ts';
import { transient } from './job-failure.ts';
import { type LadderSpec, type Measurements, outputSampleRate, parseMeasurements } from './ladder.ts';
import { type LadderRun, ladderRuns } from './ladder-runs.ts';
import { encodeLossless, losslessFormatFor, measureLossless } from './lossless.ts';
import { masterPlaylist, measureRendition } from './master-playlist.ts';
import { type ProbedAudio, type SourceLimits, notAudio, readableReason, tooLong } from './probe.ts';
import { runProcess } from './run-process.ts';
import { sourceInputArgs } from './source-format.ts';

export interface Ladder {
  durationMs: number;
  loudnessLufs: number;
  renditions: Rendition[];
  /** The lossless rendition's format, for a lossless source; null otherwise. */
  lossless: LosslessQuality | null;
  /** Every file to upload, relative to `outputDir`, master playlist included. */
  files: string[];
}

type MeasuredRendition = Rendition & { files: string[] };

/**
 * Encodes `sourcePath` into the HLS ladder under `outputDir` and measures it,
 * in the ffmpeg runs `ladderRuns` plans, each on one of the shared CPU slots.
 * At most a second past the length limit is decoded, so audio that turns out
 * longer than its header said still stops early and fails. `onRenditionReady`
 * hears of each rendition's files once they are complete and the source's
 * length has passed the check, while other rungs may still be encoding.
 * A lossless source's FLAC rung (lossless.ts) is one more run on the slots.
 */
export async function encodeLadder(
  sourcePath: string,
  probed: ProbedAudio,
  outputDir: string,
  limits: SourceLimits,
  spec: LadderSpec,
  cpu: CpuSlots,
  signal: AbortSignal,
  onRenditionReady: (files: string[]) => void = () => {},
): Promise<Ladder> {
  for (const rung of spec.rungs) await mkdir(path.join(outputDir, rung.name), { recursive: true });
  const sampleRate = outputSampleRate(probed.sampleRate);
  const runs = ladderRuns(sourceInputArgs(sourcePath, probed.format), sampleRate, limits.maxSourceSeconds + 1, spec);

  let measured: Measurements | undefined;
  // Runs that finished before the measuring one: their output is only looked at once the source has passed its checks.
  const finishedBeforeMeasuring: LadderRun[] = [];
  const renditionsByName = new Map<string, MeasuredRendition>();
  const publish = async (run: LadderRun): Promise<void> => {
    for (const rung of run.rungs) {
      const rendition = await measureRendition(outputDir, rung);
      renditionsByName.set(rung.name, rendition);
      onRenditionReady(rendition.files);
    }
  };
  const losslessFormat = spec.lossless ? losslessFormatFor(probed) : null;
  const tasks = runs.map((run) => async (shared: AbortSignal): Promise<void> => {
    const stderr = await runFfmpeg(run, sourcePath, outputDir, limits, shared);
    if (run.measures) measured = checkedMeasurements(stderr, sampleRate, spec, limits);
    if (!measured) return void finishedBeforeMeasuring.push(run);
    for (const done of [...finishedBeforeMeasuring.splice(0), run]) await publish(done);
  });
  if (losslessFormat) tasks.push((shared: AbortSignal) => encodeLossless(sourcePath, probed, losslessFormat, outputDir, limits, shared));
  await cpu.runAll(tasks, signal);
  if (!measured) throw new Error('no ffmpeg run of the ladder measured it');
  const finalMeasured: Measurements = measured;
  // Measured once the ladder's length is known: the FLAC playlist's last EXTINF is set from it.
  const lossless = losslessFormat ? await measureLossless(outputDir, losslessFormat, finalMeasured.durationMs) : null;
  if (lossless) onRenditionReady(lossless.files);

  const measuredRenditions = spec.rungs.map((rung) => renditionsByName.get(rung.name)!);
  const renditions = [...measuredRenditions.map(({ files: _files, ...rendition }) => rendition), ...(lossless ? [lossless.rendition] : [])];
  await writeFile(path.join(outputDir, 'master.m3u8'), masterPlaylist(renditions));
  return {
    durationMs: finalMeasured.durationMs,
    loudnessLufs: finalMeasured.loudnessLufs,
    renditions,
    lossless: lossless?.quality ?? null,
    files: [...measuredRenditions.flatMap((r) => r.files), ...(lossless?.files ?? []), 'master.m3u8'],
  };
}

/** One ffmpeg run to completion; its stderr, or the failure its exit means. */
async function runFfmpeg(run: LadderRun, sourcePath: string, outputDir: string, limits: SourceLimits, signal: AbortSignal): Promise<string> {
  const result = await runProcess('ffmpeg', run.args, { signal, timeoutMs: limits.processTimeoutMs, cwd: outputDir });
  if (result.exitCode !== 0) {
    // ffprobe accepted the file, so a decoder error here means the audio itself is damaged.
    if (/Invalid data found|Error while decoding|could not find codec/i.test(result.stderr)) throw notAudio(readableReason(result.stderr, sourcePath));
    throw transient('transcode_failed', `ffmpeg exited with code ${result.exitCode}.`);
  }
  return result.stderr;
}

/** The loudness and length the measuring run reported, or the failure they mean (its throw stops the other runs). */
function checkedMeasurements(stderr: string, sampleRate: number, spec: LadderSpec, limits: SourceLimits): Measurements {
  const measured = parseMeasurements(stderr, sampleRate, spec.channels);
  if (!measured) throw transient('transcode_failed', 'ffmpeg finished without reporting loudness and length.');
  if (measured.durationMs === 0) throw notAudio('it contains no audio samples');
  if (measured.durationMs > limits.maxSourceSeconds * 1000) throw tooLong(limits);
  return measured;
}
