import { previousMonth } from '../royalties/close-month.ts';
import { sweepReleases } from '../follow/release-sweep.ts';
import { sweepExpiredLicenses } from '../offline/licenses.ts';
import { startJob } from './start-job.ts';
import { log } from '#core/log.ts';

/** The crons of wrangler.toml `[triggers]`: charts (and the offline license sweep) hourly, recommendations daily, Discover Weekly on Mondays, royalty statements once a month has closed, the release sweep, the podcast feed refresh. */
export const CHARTS_CRON = '0 * * * *';
/** Daily at 03:15 UTC, off the hour the charts run at. */
export const RECOMMENDATIONS_CRON = '15 3 * * *';
export const CLOSE_MONTH_CRON = '30 0 1 * *';
/** Every minute: albums whose release date has come, and fan-outs owed (not a job: one quick statement a shard). */
export const RELEASE_SWEEP_CRON = '* * * * *';
/** Mondays 03:00 UTC: every active listener's Discover Weekly. */
export const DISCOVER_WEEKLY_CRON = '0 3 * * 1';
/** Every six hours at :40: new episodes of imported podcast feeds. */
export const PODCAST_FEEDS_CRON = '40 */6 * * *';

/** The scheduled() handler: starts the job its cron names; returns the job ids. */
export async function startScheduledJobs(controller: ScheduledController, env: Env): Promise<string[]> {
  if (controller.cron === CHARTS_CRON) {
    const jobs = [await startJob(env, { name: 'charts' })];
    await sweepExpiredLicenses(env, controller.scheduledTime);
    return jobs;
  }
  if (controller.cron === RECOMMENDATIONS_CRON) return [await startJob(env, { name: 'recommendations' })];
  if (controller.cron === DISCOVER_WEEKLY_CRON) return [await startJob(env, { name: 'discover-weekly' })];
  if (controller.cron === PODCAST_FEEDS_CRON) return [await startJob(env, { name: 'podcast-feeds' })];
  if (controller.cron === RELEASE_SWEEP_CRON) {
    await sweepReleases(env, controller.scheduledTime);
    return [];
  }
  if (controller.cron === CLOSE_MONTH_CRON) return [await startJob(env, { name: 'royalties', month: previousMonth(controller.scheduledTime) })];
  log('warn', 'cron_without_job', { worker: 'api', cron: controller.cron });
  return [];
}
