"""Discovery: what visitors use to find published fiches.

The home page, the search page, the territory pages, the Atom feed of a search, the
sitemap, and the searches people follow with their e-mail digests. Everything here
reads published fiches through pratiques (its search index, facets and engine,
pratiques.recherche, and its one filter layer, pratiques.filters.RechercheFilter);
pratiques knows nothing of this app."""
