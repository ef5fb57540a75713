export interface ReplayOp {
  intent:
    | { kind: 'insert'; after_item_id: string | null; item_ids: string[]; track_ids: string[] }
    | { kind: 'remove'; item_ids: string[] }
    | { kind: 'move'; item_id: string; after_item_id: string | null }
    | { kind: 'details' }
    | { kind: 'deleted' };
}

/**
 * An independent, naive model of the playlist anchor semantics, for checking
 * the PlaylistRoom (tests and bench/playlist-convergence.ts): one array holding
 * every item ever added, removed ones only marked, each logged op applied in
 * the order the room applied it. Inserting without an anchor appends after
 * everything; moving with a null anchor goes to the front.
 */
export function replay(ops: ReplayOp[]): { item_id: string; track_id: string }[] {
  let all: { item_id: string; track_id: string; removed: boolean }[] = [];
  const at = (id: string | null) => (id === null ? 0 : all.findIndex((e) => e.item_id === id) + 1);
  for (const { intent } of ops) {
    if (intent.kind === 'insert') {
      const i = intent.after_item_id === null ? all.length : at(intent.after_item_id);
      all.splice(i, 0, ...intent.item_ids.map((item_id, k) => ({ item_id, track_id: intent.track_ids[k]!, removed: false })));
    } else if (intent.kind === 'remove') {
      for (const e of all) if (intent.item_ids.includes(e.item_id)) e.removed = true;
    } else if (intent.kind === 'move') {
      const moved = all.find((e) => e.item_id === intent.item_id)!;
      all = all.filter((e) => e !== moved);
      all.splice(at(intent.after_item_id), 0, moved);
    }
  }
  return all.filter((e) => !e.removed).map(({ item_id, track_id }) => ({ item_id, track_id }));
}
