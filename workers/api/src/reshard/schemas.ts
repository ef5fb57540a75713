import { z } from 'zod';
import { VIRTUAL_SHARDS } from '#core/shards.ts';
import { OWNED_TABLES } from './owned-tables.ts';

// Only the catalog moves on the running platform (core/shards.ts ReshardableFamily).
export const FamilyParam = z.object({ family: z.enum(['CATALOG']) });

const Range = z.object({ from: z.number().int(), to: z.number().int() });

export const FamilyStateResponse = z.object({
  configured_map: z.string().describe('The map in config (the deploy-time truth).'),
  map: z.string().describe('The map in force.'),
  frozen: Range.nullable().describe('Virtual shards whose writes are refused with 503 while they move.'),
  move: z.object({ ...Range.shape, source: z.string(), target: z.string(), phase: z.enum(['copying', 'switched']), started_at: z.string() }).nullable(),
  tables: z
    .array(z.object({ table: z.string(), whole: z.boolean().describe('Per-database rows, copied whole and neither compared nor deleted.') }))
    .describe('The tables a move copies, in copy order (deletes go in reverse).'),
});

export const StartMoveBody = z.object({
  from: z
    .number()
    .int()
    .min(0)
    .max(VIRTUAL_SHARDS - 1),
  to: z
    .number()
    .int()
    .min(0)
    .max(VIRTUAL_SHARDS - 1),
  target: z.string().regex(/^[A-Z]+(_[A-Z0-9]+)+$/, 'a D1 binding name such as CATALOG_4'),
});

const Table = z.enum([...new Set(Object.values(OWNED_TABLES).flatMap((ts) => ts.map((t) => t.table)))] as [string, ...string[]]);
const Side = z.enum(['source', 'target']);
const Cursor = z.number().int().min(0).describe('The rowid to read after: 0, then the `next` of the previous answer.');

export const PageBody = z.object({ table: Table, after: Cursor });
export const ScanBody = z.object({ table: Table, side: Side, after: Cursor });
export const DeleteBody = z.object({ table: Table, side: Side, after: Cursor });
export const RebuildBody = z.object({ side: Side });

const Next = z.number().int().nullable().describe('The cursor of the next page; null when the table is done.');
export const CopyResponse = z.object({ copied: z.number().int(), next: Next });
export const ScanResponse = z.object({ rows: z.number().int(), checksum: z.tuple([z.number().int(), z.number().int()]), next: Next });
export const DeleteResponse = z.object({ deleted: z.number().int(), next: Next });
