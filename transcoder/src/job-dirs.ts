import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Each job works in `{workdir}/encore-job-{pid}-XXXXXX`. The job removes it when
 * it ends; a process that died mid-job cannot, so the next one to start removes
 * what dead processes left. Naming the owner keeps a second transcoder sharing the
 * workdir (the OS temp dir, by default) from deleting a live one's files.
 */
const PREFIX = 'encore-job-';

export function createJobDir(workdir: string): Promise<string> {
  return mkdtemp(path.join(workdir, `${PREFIX}${process.pid}-`));
}

/** Removes job dirs whose process is gone (or is this one, just started: a pid reused after a crash). Returns their names. */
export async function removeStaleJobDirs(workdir: string): Promise<string[]> {
  const entries = await readdir(workdir, { withFileTypes: true }).catch(() => []);
  const stale = entries.filter((entry) => entry.isDirectory() && entry.name.startsWith(PREFIX) && !ownerIsAnotherLiveProcess(entry.name));
  await Promise.all(stale.map((entry) => rm(path.join(workdir, entry.name), { recursive: true, force: true })));
  return stale.map((entry) => entry.name);
}

function ownerIsAnotherLiveProcess(name: string): boolean {
  const pid = Number(/^encore-job-(\d+)-/.exec(name)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
