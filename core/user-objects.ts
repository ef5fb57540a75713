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
  if (parsed.preRegion) return namespace.get(namespace.idFromName(id));
  const jurisdiction = JURISDICTION_OF[parsed.region];
  let regional: DurableObjectNamespace<T>;
  try {
    regional = namespace.jurisdiction(jurisdiction);
  } catch (err) {
    if (!isLocalWithoutJurisdictions(err)) throw err;
    // Local workerd (dev, tests) has no jurisdictions: a name of the jurisdiction's own stands in,
    // so the object is still apart from the unrestricted one of the same name, as in production.
    return namespace.get(namespace.idFromName(`${jurisdiction}:${id}`));
  }
  return regional.get(regional.idFromName(id));
}

/**
 * Only local workerd refuses jurisdictions, with this message. Matching it exactly means that
 * anything else (in production, any failure at all) fails the request instead of placing user
 * data outside its jurisdiction.
 */
function isLocalWithoutJurisdictions(err: unknown): boolean {
  return err instanceof Error && err.message === 'Jurisdiction restrictions are not implemented in workerd.';
}
