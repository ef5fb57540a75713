/** `encore:{kind}:{id}`: how the API names an item when a reference may be of several kinds. */
export const URI_KINDS = ['track', 'album', 'artist', 'playlist', 'show', 'episode'] as const;
export type UriKind = (typeof URI_KINDS)[number];

export const uri = (kind: UriKind, id: string): string => `encore:${kind}:${id}`;

const URI = /^encore:(track|album|artist|playlist|show|episode):([A-Za-z0-9_]+)$/;

/** The kind and id a URI names; null for anything that is not an `encore:` URI of a known kind. */
export function parseUri(value: string): { kind: UriKind; id: string } | null {
  const m = URI.exec(value);
  return m ? { kind: m[1] as UriKind, id: m[2]! } : null;
}
