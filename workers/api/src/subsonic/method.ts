import type { AuthUser } from '../auth/tokens.ts';
import type { Payload } from './envelope.ts';
import type { SubsonicParams } from './params.ts';

export interface MethodContext {
  env: Env;
  params: SubsonicParams;
  /** Null only for the methods that answer without credentials. */
  user: AuthUser;
  request: Request;
  requestId: string;
  waitUntil: (promise: Promise<unknown>) => void;
}

/** A payload for the envelope (`{artists: {...}}`), or a Response of its own (audio, images). */
export type MethodResult = Payload | Response;

export interface SubsonicMethod {
  /** Answers without credentials (credentials given are still checked). */
  public?: boolean;
  run(ctx: MethodContext): Promise<MethodResult>;
}

export type MethodTable = Record<string, SubsonicMethod>;
