// The capacity model of docs/capacity.md as numbers: the seeds' figures, the
// assumptions that turn them into a traffic mix, and the peak rate of each kind
// of request. bench/load-mix.ts drives this mix scaled down and extrapolates
// its measured per-request costs with these rates.

/** From the seeds (/work/shared/seeds): what the product was specified for. */
export const SEEDS = {
  users: 500e6,
  dailyActive: 200e6, // seed 004: 200M DAU × 10 plays = 2B plays/day
  peakConcurrentListeners: 50e6,
  tracks: 100e6,
  playsPerDay: 2e9,
  reportIntervalSeconds: 30,
  egressKbpsPerListener: 256, // 50M × 256 kb/s = 12.8 Tb/s
  averageTrackSeconds: 210, // seed: "~3MB at 128kbps (3.5 minutes)"
  uploadsPerDay: 100_000,
  searchesPerActiveUserPerDay: 5, // seed 003: "DAU × 5 searches/day"
} as const;

/** Assumptions of ours (the seeds do not give them); each is named in docs/capacity.md. */
export const ASSUMPTIONS = {
  segmentSeconds: 6, // the transcoder's ladder (README)
  playlistReadsPerPlay: 0.5, // half of all plays start from a playlist page
  playlistEditsPerActiveUserPerDay: 1,
  hotPlaylistShareOfPlaylistReads: 0.05, // the top editorial playlist draws 5% of all playlist reads
  eventsPerReport: 1, // a report every 30 s carries the play(s) that ended since: ~1
  edgeCacheHitRatioSegments: 0.95, // popular catalog: most segments served from the colo's cache
  edgeCacheHitRatioSearch: 0.5, // 30 s search cache, as-you-type queries
} as const;

/** Peak rates per second at 50M concurrent listeners (the sizing case). */
export function peakRates() {
  const concurrent = SEEDS.peakConcurrentListeners;
  const playStarts = concurrent / SEEDS.averageTrackSeconds;
  // Daily ratios scaled to the peak by play starts (peak/mean = playStarts / (plays/day / 86,400)).
  const peakOverMean = playStarts / (SEEDS.playsPerDay / 86_400);
  return {
    playStarts,
    peakOverMean,
    segments: concurrent / ASSUMPTIONS.segmentSeconds,
    reports: concurrent / SEEDS.reportIntervalSeconds,
    searches: ((SEEDS.dailyActive * SEEDS.searchesPerActiveUserPerDay) / 86_400) * peakOverMean,
    playlistReads: playStarts * ASSUMPTIONS.playlistReadsPerPlay,
    playlistEdits: ((SEEDS.dailyActive * ASSUMPTIONS.playlistEditsPerActiveUserPerDay) / 86_400) * peakOverMean,
    egressTbps: (concurrent * SEEDS.egressKbpsPerListener) / 1e9,
  };
}

/** The mix per play start (what the load simulation draws from). */
export function mixPerPlayStart(): Record<'playStart' | 'segment' | 'report' | 'search' | 'playlistRead' | 'playlistEdit', number> {
  const r = peakRates();
  return {
    playStart: 1,
    segment: r.segments / r.playStarts,
    report: r.reports / r.playStarts,
    search: r.searches / r.playStarts,
    playlistRead: r.playlistReads / r.playStarts,
    playlistEdit: r.playlistEdits / r.playStarts,
  };
}
