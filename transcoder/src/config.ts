import os from 'node:os';

export interface TranscoderConfig {
  port: number;
  /** Bearer secret of `POST /jobs`, shared with the queue consumer only (ingest takes per-job tokens). */
  secret: string;
  /** How many jobs are in progress at once (downloading, encoding, uploading); further jobs wait their turn. */
  concurrency: number;
  /** How many ffmpeg processes run at once across all jobs (a job runs one per rung); the rest wait for a slot. */
  cpuSlots: number;
  /** Where each job's temporary directory is created. */
  workdir: string;
  /** Sources larger than this are refused (they are not music uploads). */
  maxSourceBytes: number;
  /** Sources longer than this fail permanently, and no more than this is ever decoded. */
  maxSourceSeconds: number;
  /** The same for podcast episodes (speech ladder), which run longer than music. */
  maxEpisodeSeconds: number;
  /** Wall-clock limit of one ffprobe or ffmpeg run; past it the process is killed. */
  processTimeoutMs: number;
}

/** Four hours of audio, the longest upload Encore takes (`MAX_SOURCE_SECONDS`, README "Security"). */
const DEFAULT_MAX_SOURCE_SECONDS = 14_400;
/** Six hours: long-form interviews and live recordings run past music's limit. */
const DEFAULT_MAX_EPISODE_SECONDS = 21_600;

function integer(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
  return value;
}

/** Reads the service's settings from the environment; throws with a clear message when one is wrong. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): TranscoderConfig {
  const secret = env.TRANSCODER_SECRET;
  if (!secret) throw new Error('TRANSCODER_SECRET is required');
  return {
    // PORT=0 picks a free port (tests and benchmarks read it from the startup log line).
    port: integer('PORT', env.PORT, 8790, 0),
    secret,
    // Twice the CPUs: while some jobs download or upload, the next ones' encodes are already waiting for a CPU slot.
    concurrency: integer('TRANSCODER_CONCURRENCY', env.TRANSCODER_CONCURRENCY, os.availableParallelism() * 2),
    cpuSlots: integer('TRANSCODER_CPU_SLOTS', env.TRANSCODER_CPU_SLOTS, os.availableParallelism()),
    workdir: env.TRANSCODER_WORKDIR || os.tmpdir(),
    maxSourceBytes: integer('TRANSCODER_MAX_SOURCE_BYTES', env.TRANSCODER_MAX_SOURCE_BYTES, 1024 * 1024 * 1024),
    ...sourceLimits(env),
  };
}

/**
 * The ladder encodes at about 25× real time on one core (README figures), so a
 * run may take a quarter of the longest allowed source (4× real time leaves room
 * for a busy machine), and never less than a minute, before it is treated as stuck.
 */
function sourceLimits(env: NodeJS.ProcessEnv): Pick<TranscoderConfig, 'maxSourceSeconds' | 'maxEpisodeSeconds' | 'processTimeoutMs'> {
  const maxSourceSeconds = integer('MAX_SOURCE_SECONDS', env.MAX_SOURCE_SECONDS, DEFAULT_MAX_SOURCE_SECONDS);
  const maxEpisodeSeconds = integer('MAX_EPISODE_SECONDS', env.MAX_EPISODE_SECONDS, DEFAULT_MAX_EPISODE_SECONDS);
  const defaultTimeout = Math.max(60, Math.ceil(Math.max(maxSourceSeconds, maxEpisodeSeconds) / 4));
  const timeoutSeconds = integer('TRANSCODER_PROCESS_TIMEOUT_SECONDS', env.TRANSCODER_PROCESS_TIMEOUT_SECONDS, defaultTimeout);
  return { maxSourceSeconds, maxEpisodeSeconds, processTimeoutMs: timeoutSeconds * 1000 };
}
