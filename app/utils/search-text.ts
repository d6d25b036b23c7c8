/**
 * Folds text for search: lower case, no diacritics, single spaces. "Kybernetická BEZPEČNOST"
 * and "kyberneticka bezpecnost" fold to the same string, so a plain LIKE finds either.
 */
export function foldForSearch(text: string): string {
  // Control characters never occur in stored text, and PostgreSQL refuses NUL in a parameter.
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\p{Cc}/gu, ' ')
    .toLocaleLowerCase('cs')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Splits a query into folded terms; every term must match. */
export function searchTerms(query: string): string[] {
  const folded = foldForSearch(query)
  if (folded === '') return []
  return [...new Set(folded.split(' '))].slice(0, 10)
}

/** Escapes LIKE wildcards so "%" and "_" typed by a user match themselves. */
export function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}
