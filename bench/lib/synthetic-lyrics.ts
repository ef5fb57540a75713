// Lyrics for the search bench: LRC for a sample of the synthetic catalog's tracks, and
// queries made of their lines. Lines draw (Zipf) from the words of the catalog's own
// titles plus common English filler, so lyric words also occur in other tracks' titles:
// the merge must still put title matches first and find the lyric-only ones below.
import { seededRandom } from '#core/seeded-random.ts';
import { misspell, zipf, type SyntheticTrack } from '../catalog-synthetic.ts';

const FILLER = 'the and you my me we to in of on it is be all your for so oh yeah no can now what was when just down up out with'.split(' ');
const LINES_PER_SONG = 16;

export interface LyricsQuery {
  kind: 'phrase' | 'misspelled';
  q: string;
  target: string;
}

export interface SyntheticLyrics {
  /** NDJSON records for POST /api/v1/catalog/import. */
  records: { type: 'lyrics'; track_id: string; lrc: string }[];
  queries: LyricsQuery[];
}

/** LRC for `songs` tracks of the sample and `count` queries (half a 4-word phrase of a line, half the same with one typo). */
export function syntheticLyrics(sample: SyntheticTrack[], songs: number, count: number, seed = 11): SyntheticLyrics {
  const random = seededRandom(seed);
  const titleWords = [...new Set(sample.flatMap((t) => t.title.toLowerCase().split(' ')))];
  const vocabulary = [...FILLER, ...titleWords];
  const word = zipf(vocabulary.length, 0.9, random);
  const songsOf = sample.slice(0, songs);
  const lines = new Map<string, string[]>();
  const records = songsOf.map((t) => {
    const text = Array.from({ length: LINES_PER_SONG }, () => Array.from({ length: 5 + Math.floor(random() * 4) }, () => vocabulary[word()]!).join(' '));
    lines.set(t.id, text);
    const lrc = text.map((l, i) => `[${String(Math.floor((i * 11) / 60)).padStart(2, '0')}:${String((i * 11) % 60).padStart(2, '0')}.00]${l}`).join('\n');
    return { type: 'lyrics' as const, track_id: t.id, lrc };
  });
  const queries: LyricsQuery[] = [];
  for (let i = 0; queries.length < count && i < count * 4; i++) {
    const t = songsOf[Math.floor(random() * songsOf.length)]!;
    const ws = lines.get(t.id)![Math.floor(random() * LINES_PER_SONG)]!.split(' ');
    const at = Math.floor(random() * (ws.length - 3));
    const phrase = ws.slice(at, at + 4);
    const kind = queries.length % 2 === 0 ? 'phrase' : 'misspelled';
    if (kind === 'misspelled') {
      const long = phrase.map((w, k) => [w, k] as const).filter(([w]) => w.length >= 5);
      if (long.length === 0) continue;
      const [w, k] = long[Math.floor(random() * long.length)]!;
      phrase[k] = misspell(w, random);
    }
    queries.push({ kind, q: phrase.join(' '), target: t.id });
  }
  return { records, queries };
}
