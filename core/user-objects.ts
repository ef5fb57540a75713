import { parseId } from './ids.ts';
import { JURISDICTION_OF } from './regions.ts';

/**
 * The Durable Object named by a user data id (a user's device session, a
 * playlist's room), in its region's jurisdiction. A jurisdiction derives a
 * different object from the same name, so an id made before regions keeps the
 * object it always had, outside any jurisdiction.
 */
export function userObject<T extends Rpc.DurableObjectBranded | undefined>(namespace: DurableObjectNamespace<T>, id: string): DurableObjectStub<T> {
  const parsed = parseId(id);
  if (!parsed?.region) throw new Error(`Not a user data id: ${JSON.stringify(id)}`);
  const placed = parsed.preRegion ? namespace : namespace.jurisdiction(JURISDICTION_OF[parsed.region]);
  return placed.get(placed.idFromName(id));
}
