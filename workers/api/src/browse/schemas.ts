import { z } from 'zod';
import { CatalogTrack } from '#core/protocol/catalog-views.ts';
import { PageOf } from '../http/paging.ts';

export const GenreSummary = z.object({ id: z.string(), name: z.string(), track_count: z.number().int() });
export const GenreList = z.object({ items: z.array(GenreSummary) });
export const GenreWithTracks = z.object({ id: z.string(), name: z.string(), tracks: PageOf(CatalogTrack) });
/** Any text: an id that names no genre is a 404, whatever its form. */
export const GenreParam = z.object({ id: z.string().min(1).max(100) });
