import { rm } from 'node:fs/promises';
import { log } from '../../core/log.ts';
import type { AudioFormat } from './sniff.ts';
import { runProcess } from './run-process.ts';
import { sourceInputArgs } from './source-format.ts';

/** What Chromaprint looks at: the first two minutes, which is also fpcalc's default. */
const FINGERPRINT_SECONDS = 120;
const CHROMAPRINT_RATE = 11025;

/**
 * The source's Chromaprint fingerprint, raw (`fpcalc -raw`): one unsigned
 * 32-bit sub-fingerprint per ~0.124 s, base64 of their little-endian bytes
 * (core/fingerprint/codec.ts reads it). ffmpeg decodes the source the way the
 * ladder does (the sniffed demuxer, file protocol only, so nothing it names is
 * followed) into a small mono WAV at Chromaprint's own rate, and fpcalc reads
 * that; both together cost a fraction of a second next to the encode they run
 * beside. Null when either fails: a missing fingerprint skips the duplicate
 * check, it does not fail the upload.
 */
export async function fingerprintSource(sourcePath: string, format: AudioFormat, options: { signal: AbortSignal; timeoutMs: number }): Promise<string | null> {
  const wav = `${sourcePath}.fingerprint.wav`;
  try {
    const decode = await runProcess(
      'ffmpeg',
      [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        ...sourceInputArgs(sourcePath, format),
        '-t',
        `${FINGERPRINT_SECONDS}`,
        '-map',
        '0:a:0',
        '-ac',
        '1',
        '-ar',
        `${CHROMAPRINT_RATE}`,
        '-c:a',
        'pcm_s16le',
        '-y',
        wav,
      ],
      options,
    );
    if (decode.exitCode !== 0) return skipped(`ffmpeg exited with code ${decode.exitCode}`);
    // Debian's fpcalc (1.5 over FFmpeg 6+) exits 3 on every file after printing the whole fingerprint
    // ("Error decoding audio frame (End of file)"), so its output is what counts, not its exit code.
    const fpcalc = await runProcess('fpcalc', ['-raw', '-json', '-length', `${FINGERPRINT_SECONDS}`, wav], options);
    return encodeRaw(parseFpcalc(fpcalc.stdout));
  } catch (error) {
    if (options.signal.aborted) throw error;
    return skipped(error instanceof Error ? error.message : String(error));
  } finally {
    await rm(wav, { force: true });
  }
}

function skipped(reason: string): null {
  log('warn', 'fingerprint_skipped', { worker: 'transcoder', reason });
  return null;
}

/** The sub-fingerprints of `fpcalc -raw -json` output (`{"duration": 12.3, "fingerprint": [1, 2, ...]}`). */
export function parseFpcalc(stdout: string): number[] {
  const parsed = JSON.parse(stdout) as { fingerprint?: unknown };
  const items = parsed.fingerprint;
  if (!Array.isArray(items) || !items.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff)) throw new Error('fpcalc printed no raw fingerprint');
  return items as number[];
}

function encodeRaw(items: number[]): string | null {
  if (items.length === 0) return null;
  const bytes = Buffer.alloc(items.length * 4);
  for (const [i, item] of items.entries()) bytes.writeUInt32LE(item, i * 4);
  return bytes.toString('base64');
}
