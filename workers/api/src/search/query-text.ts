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
  return tokens.map((token, i) => ({
    token,
    // A one-letter prefix would expand to thousands of terms; only the 2- and 3-letter prefix indexes are cheap.
    prefix: i === tokens.length - 1 && token.length >= 2,
    alternatives: [],
  }));
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
