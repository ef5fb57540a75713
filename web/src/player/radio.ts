import { api, errorMessage } from '../api.ts';
import type { RadioPage, Track } from '../types.ts';
import { announce } from '../ui/dom.ts';
import { toast } from '../ui/toast.ts';
import type { Player } from './controller.ts';

/** How many tracks one page of a station holds. */
export const RADIO_PAGE = 20;

/** What a station starts from: a track or an artist. */
export interface RadioSeed {
  kind: 'track' | 'artist';
  id: string;
  name: string;
}

/**
 * A station playing through the player: its first page starts playback, and
 * once the last track fetched so far is playing, the next page joins the
 * queue behind it (endless paging). It ends when something else plays, or
 * when the station has no more tracks.
 */
class Station {
  private readonly ids: string[] = [];
  private fetched = 0;
  private started = false;
  /** The track whose turn asked for the next page (each last track asks once). */
  private askedAt: string | null = null;
  private readonly onChange = () => this.check();

  constructor(
    private readonly player: Player,
    readonly seed: RadioSeed,
  ) {}

  private async page(): Promise<Track[]> {
    const path = `/api/v1/${this.seed.kind}s/${encodeURIComponent(this.seed.id)}/radio?limit=${RADIO_PAGE}&offset=${this.fetched}`;
    const { tracks } = await api<RadioPage>('GET', path);
    this.fetched += tracks.length;
    const fresh = tracks.filter((t) => !this.ids.includes(t.id));
    this.ids.push(...fresh.map((t) => t.id));
    return fresh;
  }

  async start(): Promise<void> {
    const tracks = await this.page();
    if (!tracks.length) throw new Error(`There is no radio for ${this.seed.name} yet.`);
    this.player.addEventListener('change', this.onChange);
    await this.player.playTracks(tracks, 0);
    announce(`Playing radio from ${this.seed.name}.`);
  }

  stop(): void {
    this.player.removeEventListener('change', this.onChange);
  }

  private check(): void {
    const playing = this.player.state.track?.id;
    if (!playing) return;
    const at = this.ids.indexOf(playing);
    // Until the station's first track plays, the previous track may still show.
    if (at === -1) {
      if (this.started) endRadio(this);
      return;
    }
    this.started = true;
    if (at === this.ids.length - 1 && this.askedAt !== playing) {
      this.askedAt = playing;
      void this.more();
    }
  }

  private async more(): Promise<void> {
    try {
      const tracks = await this.page();
      if (tracks.length) await this.player.append(tracks);
    } catch (err) {
      toast('The radio could not load more tracks', errorMessage(err));
    }
  }
}

let current: Station | null = null;

function endRadio(station: Station): void {
  station.stop();
  if (current === station) current = null;
}

/** Starts a station from a track or an artist, in place of any station playing. */
export async function startRadio(player: Player, seed: RadioSeed): Promise<void> {
  if (current) endRadio(current);
  const station = new Station(player, seed);
  current = station;
  try {
    await station.start();
  } catch (err) {
    endRadio(station);
    throw err;
  }
}

/** The name of the station playing ("Radio from …"), if any. */
export const radioTitle = (): string | null => (current ? `Radio from ${current.seed.name}` : null);
