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
import { fingerprintSource } from './fingerprint.ts';
import { LadderUpload } from './ladder-upload.ts';
import { type Ladder, encodeLadder } from './transcode.ts';

export interface JobTimings {
  download_ms?: number;
  transcode_ms?: number;
  /** The uploads still running after the encode (renditions upload as they finish). */
  upload_ms?: number;
}

/**
 * One transcode job: fetch and hash the source, reuse an existing ladder for the
 * same bytes, otherwise sniff its format, probe, and encode, uploading each
 * rendition as it is finished, then the master, and meta.json last (its
 * presence is what marks a ladder complete). The temp directory never outlives it.
 */
export async function runJob(
  request: TranscodeRequest,
  config: TranscoderConfig,
  cpu: CpuSlots,
  signal: AbortSignal,
  timings: JobTimings,
): Promise<TranscodeResult> {
  const dir = await createJobDir(config.workdir);
  let fingerprint: Promise<string | null> | null = null;
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
    // Beside the encode, not before it: it takes a fraction of the encode's time.
    fingerprint = request.profile === 'music' ? fingerprintSource(sourcePath, format, { signal, timeoutMs: limits.processTimeoutMs }) : null;
    fingerprint?.catch(() => {});
    const probed = await probeAudio(sourcePath, format, limits, signal);
    const outputDir = path.join(dir, 'out');
    // Renditions upload as they are encoded; what is left after the encode is the master and the last rung to finish.
    const upload = new LadderUpload(store, ladderHash, outputDir, signal);
    let ladder: Ladder;
    try {
      ladder = await encodeLadder(sourcePath, probed, outputDir, limits, LADDERS[request.profile], cpu, upload.signal, (files) => upload.add(files));
    } catch (error) {
      await upload.cancel(error);
      throw error;
    }
    const chromaprint = await fingerprint;
    timings.transcode_ms = lap();

    const result: TranscodeResult = {
      content_hash: ladderHash,
      duration_ms: ladder.durationMs,
      loudness_lufs: ladder.loudnessLufs,
      renditions: ladder.renditions,
      ...(ladder.lossless ? { lossless: ladder.lossless } : {}),
      ...(request.profile === 'speech' ? { chapters: probed.chapters } : {}),
      ...(chromaprint ? { fingerprint: chromaprint } : {}),
      reused: false,
    };
    upload.add(['master.m3u8']);
    await upload.finish();
    await store.putBytes(ladderHash, 'meta.json', Buffer.from(JSON.stringify(result)), signal);
    timings.upload_ms = lap();
    return result;
  } finally {
    // A failed encode does not wait for the fingerprint, but its files go only once fpcalc is done with them.
    await fingerprint?.catch(() => null);
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
