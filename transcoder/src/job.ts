import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { LadderProfile, TranscodeRequest, TranscodeResult } from '../../core/protocol/transcode.ts';
import type { TranscoderConfig } from './config.ts';
import type { CpuSlots } from './cpu-slots.ts';
import { downloadSource } from './download.ts';
import { createJobDir } from './job-dirs.ts';
import { MediaStore } from './media-store.ts';
import { probeAudio, type SourceLimits } from './probe.ts';
import { sourceFormat } from './source-format.ts';
import { LADDERS } from './ladder.ts';
import { encodeLadder } from './transcode.ts';

const UPLOAD_PARALLELISM = 6;

export interface JobTimings {
  download_ms?: number;
  transcode_ms?: number;
  upload_ms?: number;
}

/**
 * One transcode job: fetch and hash the source, reuse an existing ladder for the
 * same bytes, otherwise sniff its format, probe, encode, and upload with
 * meta.json last (its presence is what marks a ladder complete). The temp
 * directory never outlives it.
 */
export async function runJob(
  request: TranscodeRequest,
  config: TranscoderConfig,
  cpu: CpuSlots,
  signal: AbortSignal,
  timings: JobTimings,
): Promise<TranscodeResult> {
  const dir = await createJobDir(config.workdir);
  try {
    const store = new MediaStore(request.ingest_url, request.ingest_token);
    const sourcePath = path.join(dir, 'source');
    const lap = stopwatch();

    const source = await downloadSource(request.source_url, sourcePath, config.maxSourceBytes, signal);
    timings.download_ms = lap();
    const ladderHash = ladderHashOf(source.sha256, request.profile);
    const existing = await store.findLadder(ladderHash, signal);
    if (existing) return { ...existing, reused: true };

    const limits = limitsOf(config, request.profile);
    const format = await sourceFormat(sourcePath);
    const probed = await probeAudio(sourcePath, format, limits, signal);
    const outputDir = path.join(dir, 'out');
    const ladder = await encodeLadder(sourcePath, probed, outputDir, limits, LADDERS[request.profile], cpu, signal);
    timings.transcode_ms = lap();

    const result: TranscodeResult = {
      content_hash: ladderHash,
      duration_ms: ladder.durationMs,
      loudness_lufs: ladder.loudnessLufs,
      renditions: ladder.renditions,
      ...(request.profile === 'speech' ? { chapters: probed.chapters } : {}),
      reused: false,
    };
    await forEachLimited(ladder.files, UPLOAD_PARALLELISM, (file) => store.putFile(ladderHash, file, path.join(outputDir, file), signal));
    await store.putBytes(ladderHash, 'meta.json', Buffer.from(JSON.stringify(result)), signal);
    timings.upload_ms = lap();
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Where a ladder lives (`hls/{hash}/`): the source's SHA-256 for music, so identical uploads share one;
 * for speech a hash of that, so the same bytes uploaded as a track and as an episode get a ladder each.
 */
function ladderHashOf(sourceSha256: string, profile: LadderProfile): string {
  return profile === 'music' ? sourceSha256 : createHash('sha256').update(`speech:${sourceSha256}`).digest('hex');
}

function limitsOf(config: TranscoderConfig, profile: LadderProfile): SourceLimits {
  return profile === 'speech'
    ? { maxSourceSeconds: config.maxEpisodeSeconds, limitSetting: 'MAX_EPISODE_SECONDS', processTimeoutMs: config.processTimeoutMs }
    : { maxSourceSeconds: config.maxSourceSeconds, processTimeoutMs: config.processTimeoutMs };
}

function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = Math.round(now - last);
    last = now;
    return elapsed;
  };
}

/**
 * Runs `task` over `items` with at most `width` in flight. After a failure no new
 * task starts, and it waits for the running ones so nothing touches the temp dir late.
 */
async function forEachLimited<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      try {
        await task(items[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(width, items.length) }, worker));
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure) throw failure.reason;
}
