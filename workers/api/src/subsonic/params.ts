import { missingParameter, SubsonicCode, SubsonicError } from './errors.ts';
import { readBoundedBody } from '../http/bounded-body.ts';

/** A form body of more is refused: Subsonic requests are a few parameters (playlists: at most a few hundred ids). */
export const MAX_FORM_BYTES = 64 * 1024;

/**
 * A request's parameters: the query string, plus for `formPost` an
 * `application/x-www-form-urlencoded` body (OpenSubsonic lets either carry any
 * parameter). Repeated names (`id=1&id=2`) are lists.
 */
export class SubsonicParams {
  constructor(private readonly values: URLSearchParams) {}

  static async of(request: Request): Promise<SubsonicParams> {
    const values = new URL(request.url).searchParams;
    if (request.method === 'POST' && /^application\/x-www-form-urlencoded\s*(;|$)/i.test(request.headers.get('Content-Type') ?? '')) {
      for (const [k, v] of new URLSearchParams(await readCapped(request))) values.append(k, v);
    }
    return new SubsonicParams(values);
  }

  get(name: string): string | undefined {
    return this.values.get(name) ?? undefined;
  }

  all(name: string): string[] {
    return this.values.getAll(name);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  required(name: string): string {
    const value = this.get(name);
    if (value === undefined || value === '') throw missingParameter(name);
    return value;
  }

  /** An integer parameter, clamped into [min, max]; absent → `fallback`. */
  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.get(name);
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new SubsonicError(SubsonicCode.generic, `Parameter "${name}" must be an integer.`);
    return Math.min(max, Math.max(min, n));
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.get(name);
    return raw === undefined ? fallback : raw === 'true' || raw === '1';
  }
}

async function readCapped(request: Request): Promise<string> {
  const tooLarge = () => new SubsonicError(SubsonicCode.generic, `A form body may be at most ${MAX_FORM_BYTES} bytes.`);
  return new TextDecoder().decode(await readBoundedBody(request, MAX_FORM_BYTES, tooLarge));
}
