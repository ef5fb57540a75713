import { DomainError } from '../../../../core/errors.ts';
import type { PlayerView } from '../../../../core/protocol/connect.ts';
import type { SessionCommand } from '../../../../durable-objects/device-session/commands.ts';

/** Every device of a listener shares one session object, named by their user id. */
export function deviceSession(env: Env, userId: string) {
  return env.DEVICE_SESSIONS.get(env.DEVICE_SESSIONS.idFromName(userId));
}

/** Applies a command in the listener's session; a refusal becomes the matching API error. */
export async function runCommand(env: Env, userId: string, command: SessionCommand): Promise<PlayerView | null> {
  const result = await deviceSession(env, userId).run(command);
  if (!result.ok) throw new DomainError(result.status, result.code, result.message);
  return result.player;
}
