"""Realistic published fiches in French, for demonstrations and the search benchmark
(`manage.py generer_fiches`, bench/bench_recherche.py).

Each fiche is a function of (graine, rang) alone: the same seed gives the same fiches
whatever the batch size, and generating 100 then 100 more gives the same 200 fiches as
generating 200 at once. The fiches sit on real territories (communes weighted by their
population, with their EPCI, département or région for a part of them), carry real
vocabulary values and partners typed with the real structure types, and are published
at dates spread over ten years.

The text (about 2,400 characters a fiche) is assembled from sentence templates. Its
words follow the frequencies of a real corpus: template words found in nearly every
fiche, theme words in a share of the corpus close to their theme's (about 5 to 15 %),
a general vocabulary drawn from a Zipf law (some words in most fiches, a long tail in
few), and proper names (communes, partners) in very few.

Rows are written in bulk with the derived search columns (thematiques_ids, formes_ids,
publics_ids, territoires_ids, territoires_englobants, partenaires_noms) computed exactly
as pratiques.contenu.appliquer computes them; tests/demo/test_generateur.py checks it.
Generated fiches have source_import = SOURCE and can be deleted with
`ecriture.supprimer`.

The package, by job: lexique (the word lists and templates of demo/data), tirages
(weighted and Zipf draws), textes (French text from templates), referentiel (the
vocabularies and territories drawn from), fiches (one generated fiche), ecriture (rows
written with COPY, continuation and deletion).
"""

SOURCE = "generateur"
# Bump when the same seed would give different fiches: bench/bench_recherche.py keeps
# its generated corpus from one run to the next while this does not change.
VERSION = 1
