/** Loudness normalisation: every track is turned toward the same integrated loudness. */

export const TARGET_LUFS = -14;
/** Quiet masters are lifted at most this much, so a near-silent track is not blown up. */
const MAX_BOOST_DB = 6;

/** Linear gain that brings a track measured at `lufs` to the target (1 when unmeasured). */
export function normalisationGain(lufs: number | undefined | null, target = TARGET_LUFS): number {
  if (lufs === undefined || lufs === null || !Number.isFinite(lufs)) return 1;
  const db = Math.min(MAX_BOOST_DB, target - lufs);
  return 10 ** (db / 20);
}
