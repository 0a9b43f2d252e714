from django.conf import settings

# The RGAA conformity state, shown in every footer and in the accessibility statement.
# "non conforme" as long as no complete RGAA audit has measured a rate (docs/accessibilite.md).
ETAT_ACCESSIBILITE = "non conforme"


def site(request):
    """What every page shows; reads no database (the 500 page uses it too)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "ETAT_ACCESSIBILITE": ETAT_ACCESSIBILITE,
    }
