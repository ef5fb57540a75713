// Fingerprint accuracy: N generated tunes are "the catalog"; re-encodes of them
// (MP3, AAC, Opus at several bitrates), copies shifted in time (leading silence
// added, the first seconds cut) and genuinely different tunes (new seeds, some in
// the same key and tempo as a catalog tune) are looked up against it the way an
// upload is: the transcoder's fingerprint (ffmpeg decode + fpcalc,
// transcoder/src/fingerprint.ts), candidates by shared lookup keys
// (core/fingerprint/lookup-keys.ts, as the index on the shards does), then the
// comparator (core/fingerprint/compare.ts). Prints precision and recall per
// category and overall, and the fingerprint's time per track next to what a
// full ffmpeg decode of the same source takes (the machine's limit), same run.
//
//   node bench/fingerprint-accuracy.ts [--tunes 12] [--seconds 40]
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fingerprintFromBase64, type RawFingerprint } from '#core/fingerprint/codec.ts';
import { bestAlignment, DEFAULT_MATCH_RULE, matchFingerprints } from '#core/fingerprint/compare.ts';
import { lookupKeys, MIN_SHARED_KEYS, QUERY_KEYS, STORED_KEYS } from '#core/fingerprint/lookup-keys.ts';
import { generateTrack } from '../scripts/lib/audio.mjs';
import { fingerprintSource } from '../transcoder/src/fingerprint.ts';
import { sourceFormat } from '../transcoder/src/source-format.ts';
import { percentile } from './lib/stats.ts';

const run = promisify(execFile);
const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1] || fallback) || fallback;
const tunes = arg('tunes', 12);
const seconds = arg('seconds', 40);
const ROOTS = ['C', 'D', 'E', 'F', 'G', 'A', 'B'] as const;

interface Variant {
  category: 're-encoded' | 'time-shifted';
  name: string;
  ext: string;
  /** ffmpeg arguments between the input and the output file. */
  input?: string[];
  output: string[];
}

const VARIANTS: Variant[] = [
  { category: 're-encoded', name: 'mp3 128k', ext: 'mp3', output: ['-b:a', '128k'] },
  { category: 're-encoded', name: 'mp3 64k', ext: 'mp3', output: ['-b:a', '64k'] },
  { category: 're-encoded', name: 'aac 96k', ext: 'm4a', output: ['-c:a', 'aac', '-b:a', '96k'] },
  { category: 're-encoded', name: 'opus 48k', ext: 'ogg', output: ['-c:a', 'libopus', '-b:a', '48k'] },
  { category: 're-encoded', name: 'opus 24k mono', ext: 'ogg', output: ['-c:a', 'libopus', '-b:a', '24k', '-ac', '1'] },
  { category: 'time-shifted', name: '+2 s silence, mp3 128k', ext: 'mp3', output: ['-af', 'adelay=2000:all=1', '-b:a', '128k'] },
  { category: 'time-shifted', name: '+0.37 s silence, flac', ext: 'flac', output: ['-af', 'adelay=370:all=1'] },
  { category: 'time-shifted', name: 'first 3 s cut, aac 128k', ext: 'm4a', input: ['-ss', '3'], output: ['-c:a', 'aac', '-b:a', '128k'] },
  { category: 'time-shifted', name: 'first 10 s cut, opus 64k', ext: 'ogg', input: ['-ss', '10'], output: ['-c:a', 'libopus', '-b:a', '64k'] },
];

const work = await mkdtemp(path.join(os.tmpdir(), 'encore-fingerprint-bench-'));
const fingerprintMs: number[] = [];
const decodeMs: number[] = [];

/** The fingerprint the transcoder would compute for `file`, timed; and the time of a full decode of it, same machine, alternating. */
async function fingerprintOf(file: string): Promise<RawFingerprint> {
  const format = await sourceFormat(file);
  const started = performance.now();
  const encoded = await fingerprintSource(file, format, { signal: new AbortController().signal, timeoutMs: 120_000 });
  fingerprintMs.push(performance.now() - started);
  const decodeStarted = performance.now();
  await run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file, '-f', 'null', '-']);
  decodeMs.push(performance.now() - decodeStarted);
  if (!encoded) throw new Error(`no fingerprint for ${file}`);
  return fingerprintFromBase64(encoded);
}

const tuneOptions = (i: number) => ({ seconds, root: ROOTS[i % ROOTS.length]!, bpm: 84 + ((i * 11) % 50) });

try {
  console.log(`generating ${tunes} tunes of ${seconds} s and ${tunes * VARIANTS.length} derived copies…`);
  const catalog: { file: string; fingerprint: RawFingerprint; keys: Set<number> }[] = [];
  for (let i = 0; i < tunes; i++) {
    const file = await generateTrack(path.join(work, `tune-${i}.wav`), { ...tuneOptions(i), seed: `catalog tune ${i}` });
    const fingerprint = await fingerprintOf(file);
    catalog.push({ file, fingerprint, keys: new Set(lookupKeys(fingerprint, STORED_KEYS)) });
  }

  /** What a lookup finds: catalog tunes sharing enough keys whose fingerprints then match. */
  const lookup = (fingerprint: RawFingerprint): number[] => {
    const keys = lookupKeys(fingerprint, QUERY_KEYS);
    return catalog.flatMap((tune, i) =>
      keys.filter((k) => tune.keys.has(k)).length >= MIN_SHARED_KEYS && matchFingerprints(tune.fingerprint, fingerprint) ? [i] : [],
    );
  };

  type Tally = { positives: number; truePositives: number; falsePositives: number; missedByIndex: number; bestBer: number[] };
  const tallies = new Map<string, Tally>();
  const tally = (category: string) => {
    if (!tallies.has(category)) tallies.set(category, { positives: 0, truePositives: 0, falsePositives: 0, missedByIndex: 0, bestBer: [] });
    return tallies.get(category)!;
  };

  for (const [i, tune] of catalog.entries()) {
    for (const variant of VARIANTS) {
      const file = path.join(work, `tune-${i}-${variant.name.replace(/[^a-z0-9]+/gi, '-')}.${variant.ext}`);
      await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...(variant.input ?? []), '-i', tune.file, ...variant.output, file]);
      const fingerprint = await fingerprintOf(file);
      const found = lookup(fingerprint);
      const alignment = bestAlignment(tune.fingerprint, fingerprint);
      for (const t of [tally(variant.category), tally(variant.name)]) {
        t.bestBer.push(alignment?.bitErrorRate ?? 1);
        t.positives++;
        if (found.includes(i)) t.truePositives++;
        else if (matchFingerprints(tune.fingerprint, fingerprint)) t.missedByIndex++;
        t.falsePositives += found.filter((j) => j !== i).length;
      }
    }
  }

  // Genuinely different: new seeds, half of them in the key and tempo of a catalog tune.
  for (let i = 0; i < tunes; i++) {
    const file = await generateTrack(path.join(work, `different-${i}.flac`), { ...tuneOptions(i % 2 === 0 ? i : i + 3), seed: `a different tune ${i}` });
    const fingerprint = await fingerprintOf(file);
    const t = tally('different');
    t.falsePositives += lookup(fingerprint).length;
    for (const tune of catalog) t.bestBer.push(bestAlignment(tune.fingerprint, fingerprint)?.bitErrorRate ?? 1);
  }
  for (const [i, a] of catalog.entries())
    for (const [j, b] of catalog.entries()) if (j > i) tally('different').bestBer.push(bestAlignment(a.fingerprint, b.fingerprint)?.bitErrorRate ?? 1);
  // The catalog against itself: distinct tunes must not match each other either.
  for (const [i, a] of catalog.entries())
    for (const [j, b] of catalog.entries()) if (j > i) tally('different').falsePositives += matchFingerprints(a.fingerprint, b.fingerprint) ? 1 : 0;

  const pct = (n: number, d: number) => (d === 0 ? '   —  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
  console.log('\ncategory                        positives  recall  precision  false matches  missed by the index only  bit error rate (min–max)');
  let [positives, truePositives, falsePositives] = [0, 0, 0];
  for (const [name, t] of tallies) {
    const isCategory = ['re-encoded', 'time-shifted', 'different'].includes(name);
    if (isCategory) [positives, truePositives, falsePositives] = [positives + t.positives, truePositives + t.truePositives, falsePositives + t.falsePositives];
    console.log(
      `${(isCategory ? name : `  ${name}`).padEnd(32)}${String(t.positives).padStart(9)}  ${pct(t.truePositives, t.positives)}  ${pct(t.truePositives, t.truePositives + t.falsePositives).padStart(9)}  ${String(t.falsePositives).padStart(13)}  ${String(t.missedByIndex).padStart(24)}  ${Math.min(...t.bestBer).toFixed(3)}–${Math.max(...t.bestBer).toFixed(3)}`,
    );
  }
  console.log(
    `${'overall'.padEnd(32)}${String(positives).padStart(9)}  ${pct(truePositives, positives)}  ${pct(truePositives, truePositives + falsePositives).padStart(9)}  ${String(falsePositives).padStart(13)}`,
  );
  const different = tallies.get('different')!.bestBer.sort((a, b) => a - b);
  console.log(
    `\ndifferent tunes, ${different.length} pairs: bit error rate at the best offset lowest ${different[0]!.toFixed(3)}, median ${percentile(different, 50).toFixed(3)} (a match is ≤ ${DEFAULT_MATCH_RULE.maxBitErrorRate})`,
  );
  const fp = percentile(fingerprintMs, 50);
  const decode = percentile(decodeMs, 50);
  console.log(
    `time per track (${fingerprintMs.length} files of ≤ ${seconds} s): fingerprint (decode to 11 kHz mono + fpcalc) median ${fp.toFixed(0)} ms, p95 ${percentile(fingerprintMs, 95).toFixed(0)} ms; ` +
      `full ffmpeg decode of the same file median ${decode.toFixed(0)} ms (fingerprint = ${(fp / decode).toFixed(2)} × decode)`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
