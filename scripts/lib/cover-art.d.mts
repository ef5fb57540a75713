/** Types of cover-art.mjs, for the TypeScript tests that import it. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Promise<Uint8Array>;
export function initialsOf(title: string): string;
export function coverPng(title: string, size?: { width?: number; height?: number }): Promise<Uint8Array>;
