import { api, errorMessage } from '../api.ts';
import type { Player } from '../player/controller.ts';
import { accessToken, currentUser } from '../session.ts';
import type { PlayableTrack } from '../types.ts';
import { h } from '../ui/dom.ts';
import { COVER_TYPES, releasesPanel, setAlbumCover } from './releases.ts';

interface CreatedUpload {
  id: string;
  track_id: string;
  part_size: number;
  part_count: number;
}

interface UploadStatus {
  id: string;
  track_id: string;
  status: 'created' | 'uploaded' | 'transcoding' | 'ready' | 'held' | 'failed';
  error?: string;
}

const TYPE_BY_EXTENSION: Record<string, string> = { flac: 'audio/flac', wav: 'audio/wav', mp3: 'audio/mpeg' };

/** Browsers leave `type` empty for some audio files; the extension decides then. */
const contentTypeOf = (file: File) => file.type || TYPE_BY_EXTENSION[file.name.split('.').pop()?.toLowerCase() ?? ''] || 'application/octet-stream';

/** One part over XHR, because fetch cannot report upload progress. */
function putPart(uploadId: string, n: number, body: Blob, onProgress: (loaded: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `/api/v1/uploads/${encodeURIComponent(uploadId)}/parts/${n}`);
    xhr.setRequestHeader('Authorization', `Bearer ${accessToken()}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let message = `Part ${n} was refused (HTTP ${xhr.status}).`;
      try {
        message = (JSON.parse(xhr.responseText) as { error: { message: string } }).error.message;
      } catch {}
      reject(new Error(message));
    };
    xhr.onerror = () => reject(new Error(`Part ${n} could not be sent: the connection failed.`));
    xhr.send(body);
  });
}

/** Artist upload: pick a file (and a cover for its album), watch every part go up, then the transcode until the track is ready. */
export function uploadPage(player: Player) {
  return (outlet: HTMLElement) => {
    const user = currentUser();
    if (user?.role !== 'artist' && user?.role !== 'admin') {
      outlet.append(h('h1', {}, 'Upload'), h('p', {}, 'Uploading needs an artist account.'));
      return;
    }
    const file = h('input', { type: 'file', id: 'upload-file', accept: '.flac,.wav,.mp3,audio/flac,audio/wav,audio/mpeg', required: true });
    const title = h('input', { type: 'text', id: 'upload-title', required: true, maxLength: 200 });
    const album = h('input', { type: 'text', id: 'upload-album', maxLength: 200 });
    const coverFile = h('input', { type: 'file', id: 'upload-cover', accept: COVER_TYPES, 'aria-describedby': 'upload-cover-hint' });
    const coverStatus = h('p', { role: 'status', 'data-testid': 'cover-upload-status' });
    const releases = releasesPanel();
    const submit = h('button', { type: 'submit', className: 'primary-button' }, 'Upload');
    const parts = h('div', { className: 'parts', 'aria-label': 'Upload progress' });
    const status = h('p', { role: 'status', 'data-testid': 'upload-status' });
    const error = h('p', { role: 'alert', className: 'form-error', 'data-testid': 'upload-error' });
    const done = h('div', {});
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      if (f && !title.value) title.value = f.name.replace(/\.[^.]+$/, '');
    });
    const form = h(
      'form',
      { className: 'upload-form' },
      h('label', { htmlFor: 'upload-file' }, 'Audio file (FLAC, WAV or MP3)'),
      file,
      h('label', { htmlFor: 'upload-title' }, 'Title'),
      title,
      h('label', { htmlFor: 'upload-album' }, 'Album (optional)'),
      album,
      h('label', { htmlFor: 'upload-cover' }, 'Album cover (optional)'),
      coverFile,
      h('p', { id: 'upload-cover-hint', className: 'muted' }, 'JPEG, PNG or WebP, at least 300 × 300 px, at most 10 MB; used for the album named above.'),
      submit,
    );
    let stopped = false;
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = file.files?.[0];
      if (!f) return;
      const art = coverFile.files?.[0];
      if (art && !album.value) {
        error.textContent = 'A cover belongs to an album: name the album too, or leave the cover out.';
        return;
      }
      submit.disabled = true;
      error.textContent = '';
      coverStatus.textContent = '';
      done.replaceChildren();
      parts.replaceChildren();
      try {
        status.textContent = 'Starting upload…';
        const created = await api<CreatedUpload>('POST', '/api/v1/uploads', {
          title: title.value,
          size_bytes: f.size,
          content_type: contentTypeOf(f),
          ...(album.value ? { album: album.value } : {}),
        });
        if (art) void sendCover(created.track_id, art);
        const bars = Array.from({ length: created.part_count }, (_, i) => {
          const size = Math.min(created.part_size, f.size - i * created.part_size);
          const bar = h('progress', { max: String(size), value: '0', 'aria-label': `Part ${i + 1} of ${created.part_count}` });
          parts.append(h('div', { className: 'part' }, h('span', {}, `Part ${i + 1}`), bar));
          return bar;
        });
        for (let n = 1; n <= created.part_count; n++) {
          status.textContent = `Uploading part ${n} of ${created.part_count}…`;
          const blob = f.slice((n - 1) * created.part_size, n * created.part_size);
          await putPart(created.id, n, blob, (loaded) => (bars[n - 1]!.value = loaded));
          bars[n - 1]!.value = blob.size;
        }
        await api('POST', `/api/v1/uploads/${encodeURIComponent(created.id)}/complete`);
        const final = await poll(created.id);
        if (final.status === 'failed') throw new Error(`The file was rejected: ${final.error ?? 'it could not be transcoded.'}`);
        if (final.status === 'held') throw new Error(final.error ?? 'The upload is held for review.');
        status.textContent = 'Ready to play.';
        void releases.reload();
        const track = await api<PlayableTrack>('GET', `/api/v1/tracks/${encodeURIComponent(final.track_id)}`);
        done.append(
          h(
            'button',
            { type: 'button', className: 'primary-button', 'data-testid': 'play-upload', onclick: () => void player.playTracks([track], 0) },
            `Play “${track.title}”`,
          ),
        );
      } catch (err) {
        status.textContent = '';
        error.textContent = errorMessage(err);
      } finally {
        submit.disabled = false;
      }
    });

    /** The upload created the track (and its album, if new): the cover goes to that album while the audio uploads. */
    async function sendCover(trackId: string, art: File) {
      try {
        coverStatus.textContent = 'Sending the cover…';
        const track = await api<PlayableTrack>('GET', `/api/v1/tracks/${encodeURIComponent(trackId)}`);
        if (!track.album) throw new Error('The track has no album to put the cover on.');
        const images = await setAlbumCover(track.album.id, art, () => stopped);
        coverStatus.textContent = images ? 'Cover set.' : 'The cover is still being processed.';
        void releases.reload();
      } catch (err) {
        coverStatus.textContent = `The cover was not set: ${errorMessage(err)}`;
      }
    }

    async function poll(id: string): Promise<UploadStatus> {
      const labels = {
        created: 'Waiting…',
        uploaded: 'Uploaded; waiting for the transcoder…',
        transcoding: 'Transcoding…',
        ready: 'Ready',
        held: 'Held for review',
        failed: 'Failed',
      };
      for (let delay = 500; !stopped; delay = Math.min(3000, delay * 1.5)) {
        const u = await api<UploadStatus>('GET', `/api/v1/uploads/${encodeURIComponent(id)}`);
        status.textContent = labels[u.status];
        if (u.status === 'ready' || u.status === 'held' || u.status === 'failed') return u;
        await new Promise((r) => setTimeout(r, delay));
      }
      throw new Error('Stopped watching the upload.');
    }

    outlet.append(h('h1', {}, 'Upload a track'), form, parts, status, coverStatus, error, done, releases.element);
    void releases.reload();
    return () => {
      stopped = true;
      releases.stop();
    };
  };
}
