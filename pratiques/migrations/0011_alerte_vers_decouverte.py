# The saved searches (Alerte) moved to the decouverte app. Their table stays where it
# is (decouverte's model names it): only Django's state changes here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pratiques", "0010_declencheurs_pgtrigger"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Alerte")],
            database_operations=[],
        ),
    ]
