import type { MethodTable } from '../method.ts';

/** The OpenSubsonic extensions Encore implements, for getOpenSubsonicExtensions. */
export const EXTENSIONS = [
  { name: 'formPost', versions: [1] },
  { name: 'apiKeyAuthentication', versions: [1] },
  { name: 'transcodeOffset', versions: [1] },
  { name: 'songLyrics', versions: [1] },
];

/** The one music folder: the whole catalog. */
export const MUSIC_FOLDER = { id: 1, name: 'Encore' };

export const systemMethods: MethodTable = {
  ping: { public: true, run: async () => ({}) },
  getLicense: { public: true, run: async () => ({ license: { valid: true } }) },
  getOpenSubsonicExtensions: { public: true, run: async () => ({ openSubsonicExtensions: EXTENSIONS }) },
  getMusicFolders: { run: async () => ({ musicFolders: { musicFolder: [MUSIC_FOLDER] } }) },
};
