import type { ListeningMessage } from '#core/protocol/listening.ts';
import { shardDb, shardOf, shardOfId, type ShardEnv } from '#core/shards.ts';
import { countStreams } from './counts.ts';
import { saveEpisodeProgress, type ReportedEpisodePlay } from './episode-progress.ts';
import { recordHistory, type ReportedPlay } from './history.ts';
import { loadTrackDurations } from '#core/catalog/reads.ts';

export interface ProcessSummary {
  events: number;
  counted: number;
}

/**
 * Processes a queue batch's reports: history and verdicts on each listener's
 * user shard first, then the counted streams on each track's catalog shard;
 * episode plays move resume points on the user shards. Each database's writes
 * are one atomic, idempotent batch, so after a failure anywhere the whole queue
 * batch can simply be delivered again.
 */
export async function processReports(env: ShardEnv, reports: ListeningMessage[]): Promise<ProcessSummary> {
  const [summary] = await Promise.all([recordTrackPlays(env, uniquePlays(reports)), saveEpisodeProgress(env, episodePlays(reports))]);
  return summary;
}

async function recordTrackPlays(env: ShardEnv, plays: ReportedPlay[]): Promise<ProcessSummary> {
  if (plays.length === 0) return { events: 0, counted: 0 };
  const durations = await loadTrackDurations(
    env,
    plays.map((p) => p.event.track_id),
  );

  const byUserShard = Map.groupBy(plays, (p) => shardOf(env, 'USERS', p.userId, ['usr'], 'user'));
  const recorded = (await Promise.all([...byUserShard].map(([shard, ps]) => recordHistory(shardDb(env, 'USERS', shard), ps, durations)))).flat();

  const counted = recorded.filter((p) => p.outcome === 'counted');
  const byCatalogShard = Map.groupBy(counted, (p) => shardOfId(env, 'CATALOG', p.trackId));
  await Promise.all([...byCatalogShard].map(([shard, streams]) => countStreams(shardDb(env, 'CATALOG', shard), streams)));
  return { events: plays.length, counted: counted.length };
}

/** Episode plays need no deduplication: saving one again changes nothing (episode-progress.ts). */
function episodePlays(reports: ListeningMessage[]): ReportedEpisodePlay[] {
  return reports.flatMap((report) => (report.episode_events ?? []).map((event) => ({ userId: report.user_id, receivedAt: report.received_at, event })));
}

/** The same event may arrive in several reports (a client retrying); keep its first copy. */
function uniquePlays(reports: ListeningMessage[]): ReportedPlay[] {
  const seen = new Set<string>();
  const plays: ReportedPlay[] = [];
  for (const report of reports) {
    for (const event of report.events) {
      const key = `${report.user_id}|${event.event_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      plays.push({ userId: report.user_id, country: report.country, receivedAt: report.received_at, event });
    }
  }
  return plays;
}
