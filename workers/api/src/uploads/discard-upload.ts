import { loadUpload, uploadShardDb } from '#core/catalog/upload-transitions.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';

/**
 * Undoes an episode upload that a server-side ingest (the podcast import) opened
 * but could not finish: the R2 multipart upload and any assembled source, then in
 * one batch the upload's parts, the upload and the processing episode it made.
 */
export async function discardEpisodeUpload(env: Env, uploadId: string): Promise<void> {
  const d1 = uploadShardDb(env, uploadId);
  const upload = await loadUpload(d1, uploadId);
  if (!upload) return;
  const source = mediaKeys.source(uploadId);
  await env.MEDIA.resumeMultipartUpload(source, upload.multipartId)
    .abort()
    .catch(() => undefined);
  await env.MEDIA.delete(source);
  await d1.batch([
    d1.prepare('DELETE FROM upload_parts WHERE upload_id = ?').bind(uploadId),
    d1.prepare('DELETE FROM uploads WHERE id = ?').bind(uploadId),
    d1.prepare(`DELETE FROM episodes WHERE id = ? AND status = 'processing'`).bind(upload.episodeId),
  ]);
}
