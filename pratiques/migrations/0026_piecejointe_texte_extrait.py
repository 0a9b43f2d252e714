from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pratiques", "0025_declencheurs_reprises"),
    ]

    operations = [
        migrations.AddField(
            model_name="piecejointe",
            name="texte_extrait",
            field=models.TextField(
                blank=True,
                default="",
                help_text="Text of a PDF (bounded), read at upload for the personal-data guard.",
            ),
        ),
    ]
