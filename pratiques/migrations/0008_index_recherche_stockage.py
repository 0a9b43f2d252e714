from django.db import migrations

# Keep IndexRecherche's rows small so that a search reads few pages: the two vectors
# (hundreds of bytes to kilobytes, only read by the GIN indexes and for the page's
# ranking) go out of line to TOAST, the small id arrays that filters and counts read
# stay in the row. toast_tuple_target 128 makes PostgreSQL move the vectors out as
# soon as a row passes 128 bytes; MAIN keeps the arrays in. Then every row is
# rewritten so that the existing ones follow (the counts' trigger sees no change).
STOCKAGE = """
ALTER TABLE pratiques_indexrecherche SET (toast_tuple_target = 128);
ALTER TABLE pratiques_indexrecherche
    ALTER COLUMN entete SET STORAGE EXTERNAL,
    ALTER COLUMN thematiques_ids SET STORAGE MAIN,
    ALTER COLUMN formes_ids SET STORAGE MAIN,
    ALTER COLUMN publics_ids SET STORAGE MAIN,
    ALTER COLUMN territoires_ids SET STORAGE MAIN,
    ALTER COLUMN territoires_englobants SET STORAGE MAIN,
    ALTER COLUMN zones_ids SET STORAGE MAIN;
UPDATE pratiques_indexrecherche SET entete = entete || ''::tsvector;
"""

DEFAUT = """
ALTER TABLE pratiques_indexrecherche RESET (toast_tuple_target);
ALTER TABLE pratiques_indexrecherche
    ALTER COLUMN entete SET STORAGE EXTENDED,
    ALTER COLUMN thematiques_ids SET STORAGE EXTENDED,
    ALTER COLUMN formes_ids SET STORAGE EXTENDED,
    ALTER COLUMN publics_ids SET STORAGE EXTENDED,
    ALTER COLUMN territoires_ids SET STORAGE EXTENDED,
    ALTER COLUMN territoires_englobants SET STORAGE EXTENDED,
    ALTER COLUMN zones_ids SET STORAGE EXTENDED;
"""


class Migration(migrations.Migration):
    dependencies = [("pratiques", "0007_index_recherche_etroit")]

    operations = [migrations.RunSQL(STOCKAGE, DEFAUT)]
