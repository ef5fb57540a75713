import type { PlayerView } from '#core/protocol/connect.ts';
import { unwrap } from '#core/rpc-result.ts';
import { userObject } from '#core/user-objects.ts';
import type { SessionCommand } from '#do/device-session.ts';

/** Every device of a listener shares one session object, named by their user id, in their region's jurisdiction. */
export function deviceSession(env: Env, userId: string) {
  return userObject(env.DEVICE_SESSIONS, userId);
}

/** Applies a command in the listener's session; a refusal becomes the matching API error. */
export async function runCommand(env: Env, userId: string, command: SessionCommand): Promise<PlayerView | null> {
  return unwrap(await deviceSession(env, userId).run(command));
}
