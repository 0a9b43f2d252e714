# The saved searches (Alerte), moved here from pratiques (its migrations 0004 and 0011):
# the table pratiques_alerte already exists, so this only records the model in Django's
# state.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import decouverte.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("pratiques", "0011_alerte_vers_decouverte"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Alerte",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("nom", models.CharField(max_length=200, verbose_name="nom")),
                        ("parametres", models.CharField(blank=True, max_length=2000, verbose_name="paramètres de la recherche")),
                        ("frequence", models.CharField(choices=[("quotidienne", "Chaque jour"), ("hebdomadaire", "Chaque semaine")], max_length=12, verbose_name="fréquence")),
                        ("active", models.BooleanField(default=True, verbose_name="active")),
                        ("cree_le", models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="créée le")),
                        ("dernier_envoi_le", models.DateTimeField(default=django.utils.timezone.now, verbose_name="dernier envoi le")),
                        ("jeton", models.CharField(default=decouverte.models.nouveau_jeton_alerte, editable=False, max_length=64, unique=True, verbose_name="jeton de désabonnement")),
                        ("utilisateur", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="alertes", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "pratiques_alerte",
                        "ordering": ["-cree_le", "-pk"],
                        "indexes": [models.Index(condition=models.Q(("active", True)), fields=["frequence"], name="alerte_a_envoyer")],
                        "constraints": [models.UniqueConstraint(fields=("utilisateur", "parametres"), name="alerte_unique_par_recherche")],
                    },
                ),
            ],
        ),
    ]
