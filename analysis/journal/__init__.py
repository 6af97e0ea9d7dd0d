"""Stage 4b, the journal as context: 《党建研究》 2020–2026 in, baselines for the seeds out.

- ``corpus``: the journal's articles read through the library's reader, each with a generated catalog row
  (year, issue, section, author, post, province, level): no row is written by hand; the same pass counts the
  cleaning check and the words near each slogan, so nothing reads the pages or tokens again;
- ``rates``: pooled rates per 10,000 Han characters over groups of articles, with bootstrap intervals;
- ``provinces``: articles and authors per province, what sets each province apart, the tile layout, and theme
  keywords that are a region's own words;
- ``trends``: slogan rates by year and issue, first and last use, what rose and fell around the split event;
- ``context``: the seeds against three baselines, their counterparts in the journal, the cleaning's agreement
  with the journal's text, and where shared passages were printed first;
- ``formulas``: local formulas, one region's own, not in the registry and rare in the other provinces;
- ``leads``: the lead-sentence detector measured on the journal's bold leads;
- ``cleaning_check``: the page cleaner measured on the journal's clean articles;
- ``pipeline``: ``Journal`` and ``Context``, every one of these tables computed once, on first use.
"""
