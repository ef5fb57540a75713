/**
 * Turns what a user typed into FTS5 query text. User input never reaches FTS5 as
 * syntax: it is cut into the same tokens the index holds (unicode61, diacritics
 * folded) and every token is emitted as a quoted string, so `"`, `*`, `-`, `:`,
 * `(`, `NEAR`, `AND`, `OR` are either separators or plain words.
 */
export const MAX_QUERY_CHARS = 256;
export const MAX_TOKENS = 8;

export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, MAX_TOKENS);
}

const quoted = (term: string) => `"${term.replace(/"/g, '""')}"`;

/** One token of the query and what may stand in for it. */
export interface QueryTerm {
  token: string;
  /** As-you-type: the last token also matches longer words it begins. */
  prefix: boolean;
  /** Spelling corrections found in the vocabulary. */
  alternatives: string[];
}

export function queryTerms(tokens: string[]): QueryTerm[] {
  // A trailing single letter is a word being typed; as a prefix it would expand to thousands of
  // terms (only 2- and 3-letter prefixes are indexed), so it is left out until the next keystroke.
  const words = tokens.length > 1 && tokens.at(-1)!.length === 1 ? tokens.slice(0, -1) : tokens;
  return words.map((token, i) => ({ token, prefix: i === words.length - 1 && token.length >= 2, alternatives: [] }));
}

/**
 * All terms must match (AND). A prefix term is written `("love" OR "love"*)`: a row
 * holding the exact word matches both phrases and so outranks one that only
 * begins with it, which is how "exact beats prefix" falls out of bm25.
 */
export function matchExpression(terms: QueryTerm[]): string {
  return terms
    .map(({ token, prefix, alternatives }) => {
      const phrases = [quoted(token), ...(prefix ? [`${quoted(token)}*`] : []), ...alternatives.map(quoted)];
      return phrases.length === 1 ? phrases[0] : `(${phrases.join(' OR ')})`;
    })
    .join(' AND ');
}
