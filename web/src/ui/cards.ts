import { parseUri } from '#core/protocol/uris.ts';
import type { Album, Artist, EpisodeSummary, Image, PlaylistSummary, ShowSummary, Track } from '../types.ts';
import { cover } from './artwork.ts';
import { h } from './dom.ts';

/** Anything the API lists that has a page of its own (home sections mix them). */
export type CardItem = Album | Artist | PlaylistSummary | Track | ShowSummary | EpisodeSummary;

/** The line that marks a playlist Encore wrote for one listener (Discover Weekly). */
export const MADE_BY_ENCORE = 'Made for you by Encore';

/** The width a grid card's cover is shown at, at most (the grid's column width). */
const CARD_COVER_PX = 180;

interface CardView {
  href: string;
  title: string;
  subtitle: string;
  images: Image[] | undefined;
  round: boolean;
}

const names = (artists: { name: string }[]) => artists.map((a) => a.name).join(', ');
const link = (kind: string, id: string) => `/${kind}/${encodeURIComponent(id)}`;

/** What a card shows for an item, by the kind its URI names (albums, artists, playlists, tracks, shows, episodes). */
function view(item: CardItem): CardView | null {
  switch (item.uri ? parseUri(item.uri)?.kind : undefined) {
    case 'album': {
      const a = item as Album;
      const year = a.release_date?.slice(0, 4);
      return { href: link('album', a.id), title: a.name, subtitle: [names(a.artists), year].filter(Boolean).join(' · '), images: a.images, round: false };
    }
    case 'artist': {
      const a = item as Artist;
      return { href: link('artist', a.id), title: a.name, subtitle: 'Artist', images: a.images, round: true };
    }
    case 'playlist': {
      const p = item as PlaylistSummary;
      const subtitle = p.algorithmic ? MADE_BY_ENCORE : p.owner ? `By ${p.owner.display_name}` : 'Playlist';
      return { href: link('playlist', p.id), title: p.name, subtitle, images: p.images, round: false };
    }
    case 'track': {
      const t = item as Track;
      const href = t.album ? link('album', t.album.id) : t.artists[0] ? link('artist', t.artists[0].id) : null;
      return href ? { href, title: t.title, subtitle: names(t.artists), images: t.album?.images, round: false } : null;
    }
    case 'show': {
      const s = item as ShowSummary;
      return { href: link('show', s.id), title: s.name, subtitle: s.publisher, images: s.images, round: false };
    }
    case 'episode': {
      const e = item as EpisodeSummary;
      return { href: link('episode', e.id), title: e.name, subtitle: 'Episode', images: e.images, round: false };
    }
    default:
      return null;
  }
}

/** One card: cover, title and subtitle, the whole card a link to the item's page. */
export function card(item: CardItem): HTMLElement | null {
  const v = view(item);
  if (!v) return null;
  return h(
    'a',
    { href: v.href, className: 'art-card' },
    cover(v.images, CARD_COVER_PX, '', v.round ? 'round' : 'square'),
    h('span', { className: 'art-title' }, v.title),
    h('span', { className: 'art-subtitle' }, v.subtitle),
  );
}

/** A responsive grid of cards (as many columns as fit: two on a 320 px phone). */
export function cardGrid(items: CardItem[], label: string): HTMLUListElement {
  return h(
    'ul',
    { className: 'art-grid', 'aria-label': label },
    items.map((item) => card(item)).flatMap((c) => (c ? [h('li', {}, c)] : [])),
  );
}
