import { z } from 'zod';
import { PREVIEW_SECONDS } from '#core/protocol/preview.ts';
import { signedMasterPlaylist } from '../tracks/stream-url.ts';

/** A preview redirect may be reused this long: far inside the signature it leads to (STREAM_URL_TTL_SECONDS). */
const PREVIEW_REDIRECT_MAX_AGE_SECONDS = 300;

/** The OpenAPI description of what a `preview_url` answers (tracks and episodes alike). */
export const previewRedirectDescription = (owner: string) =>
  `Every ${owner} object carries this path as \`preview_url\`. The master it redirects to is signed with the \`preview\` scope: its media playlists list only the first ${PREVIEW_SECONDS} s, and no later segment can be fetched with it.`;

export const PreviewRedirectResponse = {
  302: { description: 'To the signed preview master (relative to the origin).', headers: z.object({ Location: z.string() }) },
};

/** The answer of a `preview_url`: a redirect to the ladder's master signed with the `preview` scope. */
export async function previewRedirect(env: Env, audioHash: string): Promise<Response> {
  const location = (await signedMasterPlaylist(env, audioHash, Date.now(), 'preview')).hls_url;
  return new Response(null, { status: 302, headers: { Location: location, 'Cache-Control': `private, max-age=${PREVIEW_REDIRECT_MAX_AGE_SECONDS}` } });
}
