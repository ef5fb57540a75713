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
 * queue behind it (endless paging: the server's order wraps round, so a page
 * may bring a track back). It ends when something else plays, or when a page
 * comes back empty.
 */
class Station {
  /** The station's tracks in play order, as fetched (a track may come round again). */
  private readonly ids: string[] = [];
  /** Where in `ids` playback is; -1 until the station's first track plays. */
  private at = -1;
  /** The length of `ids` when the next page was last asked for (each last track asks once). */
  private askedAt = 0;
  private readonly onChange = () => this.check();

  constructor(
    private readonly player: Player,
    readonly seed: RadioSeed,
  ) {}

  private async page(): Promise<Track[]> {
    const path = `/api/v1/${this.seed.kind}s/${encodeURIComponent(this.seed.id)}/radio?limit=${RADIO_PAGE}&offset=${this.ids.length}`;
    const { tracks } = await api<RadioPage>('GET', path);
    this.ids.push(...tracks.map((t) => t.id));
    return tracks;
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
    if (!playing || this.ids[this.at] === playing) return;
    // Forward from where it was (a track may come round again), else back (Previous).
    let at = this.ids.indexOf(playing, Math.max(0, this.at));
    if (at === -1) at = this.ids.indexOf(playing);
    // Until the station's first track plays, the track before it may still show.
    if (at === -1) {
      if (this.at !== -1) endRadio(this);
      return;
    }
    this.at = at;
    if (at === this.ids.length - 1 && this.askedAt !== this.ids.length) {
      this.askedAt = this.ids.length;
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
