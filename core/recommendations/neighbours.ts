/** One entry of a track's neighbour list (track_neighbours), most similar first. */
export interface Neighbour {
  neighbourId: string;
  score: number;
}

/** A synchronous neighbour lookup: the pure ranking functions take one, the routes prefetch behind it. */
export type NeighbourLookup = (trackId: string) => readonly Neighbour[];
