import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { offlineLicenses } from '#core/db/users-offline.ts';
import { Forbidden, NotFound } from '#core/errors.ts';
import { log } from '#core/log.ts';
import { licenseExpiresAt, OFFLINE_LICENSE_MS, offlineKeyPath, type OfflineLicense } from '#core/protocol/offline.ts';
import { allShardDbs, shardDb, shardOfId } from '#core/shards.ts';

/**
 * Offline licenses on the listener's user shard (core/db/users-offline.ts):
 * granted when a premium listener downloads a track, renewed each time the
 * key is fetched (a download, a play), expired 30 days after the last of
 * those, and deleted by the hourly sweep once expired.
 */

export type LicenseRow = typeof offlineLicenses.$inferSelect;

const usersDb = (env: Env, userId: string) => drizzle(shardDb(env, 'USERS', shardOfId(env, 'USERS', userId)));

const isExpired = (row: LicenseRow, now: number): boolean => now >= licenseExpiresAt(row.lastPlayedAt);

export const licenseView = (row: LicenseRow): OfflineLicense => ({
  track_id: row.trackId,
  granted_at: new Date(row.grantedAt).toISOString(),
  last_played_at: new Date(row.lastPlayedAt).toISOString(),
  expires_at: new Date(licenseExpiresAt(row.lastPlayedAt)).toISOString(),
  key_url: offlineKeyPath(row.trackId),
});

/**
 * Grants a license, or renews the one the listener holds. A license that had
 * already expired (not yet swept) is granted anew: a new grant time is a new
 * key epoch, so its old copy stays undecryptable.
 */
export async function grantLicense(env: Env, userId: string, trackId: string, now = Date.now()): Promise<LicenseRow> {
  return usersDb(env, userId)
    .insert(offlineLicenses)
    .values({ userId, trackId, grantedAt: now, lastPlayedAt: now })
    .onConflictDoUpdate({
      target: [offlineLicenses.userId, offlineLicenses.trackId],
      set: {
        grantedAt: sql`CASE WHEN ${offlineLicenses.lastPlayedAt} + ${OFFLINE_LICENSE_MS} <= ${now} THEN ${now} ELSE ${offlineLicenses.grantedAt} END`,
        lastPlayedAt: now,
      },
    })
    .returning()
    .get();
}

/** The license a key is fetched under, renewed by the fetch; 404 without one, 403 once it has expired. */
export async function renewLicense(env: Env, userId: string, trackId: string, now = Date.now()): Promise<LicenseRow> {
  const db = usersDb(env, userId);
  const key = and(eq(offlineLicenses.userId, userId), eq(offlineLicenses.trackId, trackId));
  const row = await db.select().from(offlineLicenses).where(key).get();
  if (!row) throw new NotFound(`No offline license for track ${JSON.stringify(trackId)}: download it again.`, 'offline_license_not_found');
  if (isExpired(row, now)) {
    throw new Forbidden(
      `The offline license for track ${JSON.stringify(trackId)} expired on ${new Date(licenseExpiresAt(row.lastPlayedAt)).toISOString()}: it was not played for 30 days. Download it again.`,
      'offline_license_expired',
    );
  }
  // Only a later time moves it, so a slow request never shortens a license.
  return (await db
    .update(offlineLicenses)
    .set({ lastPlayedAt: sql`MAX(${offlineLicenses.lastPlayedAt}, ${now})` })
    .where(key)
    .returning()
    .get())!;
}

/** The listener's licenses still in force, soonest to expire first. */
export async function listLicenses(env: Env, userId: string, now = Date.now()): Promise<LicenseRow[]> {
  return usersDb(env, userId)
    .select()
    .from(offlineLicenses)
    .where(and(eq(offlineLicenses.userId, userId), gt(offlineLicenses.lastPlayedAt, now - OFFLINE_LICENSE_MS)))
    .orderBy(offlineLicenses.lastPlayedAt, offlineLicenses.trackId)
    .all();
}

/** Gives up a license (the listener removed the download); true when there was one. */
export async function revokeLicense(env: Env, userId: string, trackId: string): Promise<boolean> {
  const gone = await usersDb(env, userId)
    .delete(offlineLicenses)
    .where(and(eq(offlineLicenses.userId, userId), eq(offlineLicenses.trackId, trackId)))
    .returning({ trackId: offlineLicenses.trackId })
    .all();
  return gone.length > 0;
}

/** The sweep (hourly, with the charts cron): deletes every license not played for 30 days, on every user shard. */
export async function sweepExpiredLicenses(env: Env, now: number): Promise<number> {
  const counts = await Promise.all(
    allShardDbs(env, 'USERS').map(async (db) => {
      const result = await drizzle(db)
        .delete(offlineLicenses)
        .where(lte(offlineLicenses.lastPlayedAt, now - OFFLINE_LICENSE_MS))
        .run();
      return result.meta.changes;
    }),
  );
  const removed = counts.reduce((a, b) => a + b, 0);
  if (removed > 0) log('info', 'offline_license_sweep', { worker: 'api', removed });
  return removed;
}
