/* Chinese queries for Sphinx's search (html_search_language: zh).
 *
 * Sphinx segments the pages with jieba when it writes searchindex.js, but splits a query only at
 * non-letters, so a Han run such as 推进乡村振兴 would have to be a single index term to be found.
 * This splitQuery (searchtools.js keeps an existing one) cuts each Han run by forward maximum
 * matching against the index's own terms; single characters, which Sphinx never indexes, are dropped.
 */
var splitQuery = (query) => {
  const parts = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter((t) => t);
  const index = typeof Search !== "undefined" ? Search._index : null;
  if (!index) return parts;
  const has = (w) => Object.prototype.hasOwnProperty.call(index.terms, w)
    || Object.prototype.hasOwnProperty.call(index.titleterms, w);
  const out = [];
  for (const part of parts) {
    for (const run of part.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu)) {
      if (!/\p{Script=Han}/u.test(run) || has(run)) { out.push(run); continue; }
      for (let i = 0; i < run.length;) {
        let j = Math.min(run.length, i + 12);
        while (j > i + 1 && !has(run.slice(i, j))) j--;
        if (j > i + 1) out.push(run.slice(i, j));
        i = j;
      }
    }
  }
  return out.length ? out : parts;
};
