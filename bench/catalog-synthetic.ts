// A synthetic label catalog for the catalog/search benchmarks: deterministic
// (seeded), with Zipf-distributed title and name words, so a few words are very
// common ("love", "night") and most are rare, as in real catalogs.
//
//   node bench/catalog-synthetic.ts --tracks 1000000 --out .tmp/catalog.ndjson
//
// Shape: one artist per 20 tracks, albums of 10 tracks, each artist's lines
// (artist, then albums and their tracks) together, as a label export would be.
import { createWriteStream } from 'node:fs';
import { seededRandom as rng } from '#core/seeded-random.ts';

/** Samples ranks 0..n-1 with P(r) ∝ 1/(r+1)^s. */
export function zipf(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) cdf[r] = sum += 1 / (r + 1) ** s;
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const COMMON = `love night heart baby time girl dance fire light dream world life home summer rain blue gold sun
moon star wild young free sweet little river road city lonely forever tonight people heaven crazy money angel
blood ghost shadow black white red song wind ocean sky golden silver midnight morning paradise tears kiss
hold run fall rise burn shine stay walk talk want need feel lose breaking broken sound silence secret mirror
highway thunder storm winter spring autumn memory memories island desert mountain valley garden flower rose
diamond stone glass paper radio television electric neon velvet honey sugar candy cherry wine whiskey coffee
queen king prince princess soldier stranger lover brother sister mother father children friends enemy devil
echo rhythm melody symphony rhapsody serenade lullaby anthem ballad blues soul rock roll funk disco`.split(/\s+/);

const ONSETS = [
  'b',
  'br',
  'c',
  'ch',
  'cl',
  'd',
  'dr',
  'f',
  'fl',
  'g',
  'gr',
  'h',
  'j',
  'k',
  'l',
  'm',
  'n',
  'p',
  'pr',
  'r',
  's',
  'sh',
  'st',
  't',
  'tr',
  'v',
  'w',
  'z',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'ie', 'y'];
const CODAS = ['', '', 'n', 'r', 's', 'l', 'th', 'nd', 'st', 'x', 'm', 'ck'];

/** Pronounceable made-up words, distinct, in a fixed order for a seed. */
function madeUpWords(count: number, random: () => number, avoid: Set<string>): string[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const out: string[] = [];
  const seen = new Set(avoid);
  while (out.length < count) {
    const syllables = 1 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < syllables; i++) w += pick(ONSETS) + pick(VOWELS) + (i === syllables - 1 ? pick(CODAS) : '');
    if (w.length < 3 || seen.has(w)) continue;
    seen.add(w);
    out.push(w);
  }
  return out;
}

const GENRES = [
  'rock',
  'pop',
  'hip-hop',
  'jazz',
  'classical',
  'electronic',
  'folk',
  'country',
  'metal',
  'soul',
  'reggae',
  'blues',
  'latin',
  'indie',
  'ambient',
];

const capitalize = (w: string) => w[0]!.toUpperCase() + w.slice(1);

export interface SyntheticTrack {
  id: string;
  title: string;
  artistName: string;
  popularity: number;
}

export interface CatalogOptions {
  tracks: number;
  seed?: number;
}

/**
 * The catalog's NDJSON records in file order. `onTrack` sees every track (the
 * benchmarks sample query targets from it).
 */
export function* syntheticCatalog({ tracks, seed = 42 }: CatalogOptions, onTrack?: (t: SyntheticTrack) => void): Generator<Record<string, unknown>> {
  const random = rng(seed);
  const titleWords = [...COMMON, ...madeUpWords(40_000, random, new Set(COMMON))];
  const nameWords = madeUpWords(25_000, random, new Set(titleWords));
  const titleWord = zipf(titleWords.length, 1.05, random);
  const nameWord = zipf(nameWords.length, 0.9, random);
  const words = (n: number, sample: () => number, list: string[]) => Array.from({ length: n }, () => capitalize(list[sample()]!)).join(' ');
  const titleLength = () => [1, 2, 2, 2, 3, 3, 3, 4, 4, 5][Math.floor(random() * 10)]!;
  const artistCount = Math.max(1, Math.ceil(tracks / 20));
  const artistFame = zipf(artistCount, 1.0, random);
  const fame = new Float64Array(artistCount);
  // Popularity: a few artists are famous; their tracks inherit most of it.
  for (let i = 0; i < artistCount * 3; i++) fame[artistFame()]! += 1;
  const maxFame = Math.max(...fame.slice(0, Math.min(artistCount, 1000)));
  let made = 0;
  for (let a = 0; a < artistCount && made < tracks; a++) {
    const artistId = `ar${a}`;
    const artistName = (random() < 0.15 ? 'The ' : '') + words(1 + Math.floor(random() * 2), nameWord, nameWords);
    yield { type: 'artist', id: artistId, name: artistName };
    const base = Math.round(100 * Math.sqrt(Math.min(1, fame[a]! / maxFame)));
    for (let al = 0; al < 2 && made < tracks; al++) {
      const albumId = `al${a}-${al}`;
      yield {
        type: 'album',
        id: albumId,
        artist_id: artistId,
        name: words(titleLength(), titleWord, titleWords),
        release_date: `${1960 + Math.floor(random() * 65)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      };
      for (let n = 1; n <= 10 && made < tracks; n++, made++) {
        const id = `tr${made}`;
        const title = words(titleLength(), titleWord, titleWords);
        const popularity = Math.max(0, Math.min(100, base + Math.round((random() - 0.5) * 30)));
        onTrack?.({ id, title, artistName, popularity });
        yield {
          type: 'track',
          id,
          album_id: albumId,
          artist_ids: [artistId],
          title,
          duration_ms: 120_000 + Math.floor(random() * 240_000),
          genre: GENRES[Math.floor(random() * GENRES.length)],
          popularity,
          track_number: n,
        };
      }
    }
  }
}

/** One typo in a word: swap, drop, double or replace a letter (deterministic for the random source). */
export function misspell(word: string, random: () => number): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i);
    default: {
      const letters = 'abcdefghijklmnopqrstuvwxyz'.replace(word[i]!, '');
      return word.slice(0, i) + letters[Math.floor(random() * letters.length)] + word.slice(i + 1);
    }
  }
}

export interface BenchQuery {
  kind: 'exact' | 'prefix' | 'misspelled';
  q: string;
  /** The track the query was made from (label id). */
  target: string;
}

/**
 * `count` queries, a third each: a track's exact title with its artist, the same
 * cut off mid-word (as typed), and with one typo in one title word of ≥ 5 letters.
 */
export function benchQueries(sample: SyntheticTrack[], count: number, seed = 7): BenchQuery[] {
  const random = rng(seed);
  const out: BenchQuery[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < count && i < sample.length * 4; i++) {
    const t = sample[Math.floor(random() * sample.length)]!;
    const kind = (['exact', 'prefix', 'misspelled'] as const)[out.length % 3]!;
    const title = t.title.toLowerCase();
    const artist = t.artistName.toLowerCase();
    let q: string;
    if (kind === 'exact') q = `${title} ${artist}`;
    else if (kind === 'prefix') {
      const full = `${artist} ${title}`;
      const lastSpace = full.lastIndexOf(' ');
      const last = full.slice(lastSpace + 1);
      q = last.length >= 4 ? full.slice(0, lastSpace + 1 + Math.max(2, Math.ceil(last.length / 2))) : full;
    } else {
      const ws = title.split(' ');
      const candidates = ws.map((w, k) => [w, k] as const).filter(([w]) => w.length >= 5);
      if (candidates.length === 0) continue;
      const [w, k] = candidates[Math.floor(random() * candidates.length)]!;
      ws[k] = misspell(w, random);
      q = `${ws.join(' ')} ${artist}`;
    }
    if (seen.has(q)) continue;
    seen.add(q);
    out.push({ kind, q, target: t.id });
  }
  return out;
}

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = createWriteStream(arg('out', '.tmp/catalog.ndjson'));
  let lines = 0;
  for (const record of syntheticCatalog({ tracks: Number(arg('tracks', '1000000')), seed: Number(arg('seed', '42')) })) {
    if (!out.write(`${JSON.stringify(record)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    lines++;
  }
  out.end();
  console.log(`${lines} lines`);
}
