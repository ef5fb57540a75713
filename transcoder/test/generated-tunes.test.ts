import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintFromBase64, type RawFingerprint } from '../../core/fingerprint/codec.ts';
import { bestAlignment, DEFAULT_MATCH_RULE, matchFingerprints } from '../../core/fingerprint/compare.ts';
import { generateTrack } from '../../scripts/lib/audio.mjs';
import { DEMO } from '../../scripts/lib/seed-demo.mjs';
import { fingerprintSource } from '../src/fingerprint.ts';

// Uploads whose audio matches another artist's track are held, so the music the demo
// catalog and the multi-artist tests generate must be different recordings to fpcalc.
let work: string | undefined;

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('generated test music', () => {
  it("gives the demo catalog's six tracks fingerprints that match none of the others", async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'encore-generated-tunes-'));
    const tunes: { name: string; fingerprint: RawFingerprint }[] = [];
    for (const { artist, tracks } of DEMO) {
      for (const [i, t] of tracks.entries()) {
        // As scripts/lib/seed-demo.mjs makes them.
        const file = await generateTrack(path.join(work, `${tunes.length}.wav`), {
          seconds: 45 + i * 15,
          root: t.root as Parameters<typeof generateTrack>[1]['root'],
          bpm: t.bpm,
          seed: `${artist} ${t.title}`,
        });
        tunes.push({
          name: `${artist}: ${t.title}`,
          fingerprint: fingerprintFromBase64((await fingerprintSource(file, 'wav', { signal: new AbortController().signal, timeoutMs: 60_000 }))!),
        });
      }
    }
    expect(tunes).toHaveLength(6);
    for (const [i, a] of tunes.entries())
      for (const b of tunes.slice(i + 1)) {
        expect(matchFingerprints(a.fingerprint, b.fingerprint), `${a.name} vs ${b.name}`).toBeNull();
        expect(bestAlignment(a.fingerprint, b.fingerprint)!.bitErrorRate, `${a.name} vs ${b.name}`).toBeGreaterThan(DEFAULT_MATCH_RULE.maxBitErrorRate + 0.05);
      }
  });
});
