"""Charts drawn on the server as SVG (no JavaScript): one image per figure, named by its
<title> and <desc> (role="img"), every value written next to its bar (nothing is told
by colour alone), the DSFR's blue France on white (contrast 15:1). The figure's table
follows it on the page (templates/chiffres/_figure.html) and says the same."""

from datetime import date

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

LARGEUR = 720
COULEUR = "#000091"  # bleu France
TEXTE = "#161616"
GRILLE = "#929292"


def _nombre(n: int | float) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _svg(ident: str, titre: str, description: str, hauteur: int, contenu) -> SafeString:
    return format_html(
        '<svg class="chiffres-graphique" role="img" viewBox="0 0 {} {}" '
        'xmlns="http://www.w3.org/2000/svg" aria-labelledby="{}-titre {}-desc" '
        'focusable="false"><title id="{}-titre">{}</title><desc id="{}-desc">{}</desc>'
        '<g font-family="Marianne, arial, sans-serif" font-size="14" fill="{}">{}</g></svg>',
        LARGEUR,
        hauteur,
        ident,
        ident,
        ident,
        titre,
        ident,
        description,
        TEXTE,
        contenu,
    )


def barres(ident: str, titre: str, description: str, lignes: list[tuple[str, int]]) -> SafeString:
    """Horizontal bars, one per (label, value): the label above its bar, the value at its
    end, so that long labels are never cut."""
    plus_grand = max((valeur for _, valeur in lignes), default=0) or 1
    place = LARGEUR - 80  # room left for the value after the longest bar
    hauteur_ligne = 44
    elements = format_html_join(
        "",
        '<text x="0" y="{}">{}</text>'
        '<rect x="0" y="{}" width="{}" height="16" fill="{}"/>'
        '<text x="{}" y="{}" font-weight="bold">{}</text>',
        (
            (
                rang * hauteur_ligne + 16,
                libelle,
                rang * hauteur_ligne + 22,
                round(place * valeur / plus_grand, 1),
                COULEUR,
                round(place * valeur / plus_grand, 1) + 6,
                rang * hauteur_ligne + 36,
                _nombre(valeur),
            )
            for rang, (libelle, valeur) in enumerate(lignes)
        ),
    )
    return _svg(ident, titre, description, max(len(lignes), 1) * hauteur_ligne, elements)


def colonnes_mensuelles(
    ident: str, titre: str, description: str, lignes: list[tuple[date, int]]
) -> SafeString:
    """One column per month, the value above it (up to 24 months; beyond, the axis
    says the scale and the table every value), a month name every few columns."""
    hauteur, haut, bas, gauche = 260, 24, 40, 48
    plus_grand = max((valeur for _, valeur in lignes), default=0) or 1
    largeur = (LARGEUR - gauche) / max(len(lignes), 1)
    pas = max(1, -(-len(lignes) // 7))  # at most seven month names, never overlapping
    echelle = (hauteur - haut - bas) / plus_grand

    def y(valeur):
        return round(hauteur - bas - valeur * echelle, 1)

    axe = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>',
        (
            (gauche, LARGEUR, y(v), y(v), GRILLE, gauche - 6, y(v) + 4, _nombre(v))
            for v in sorted({0, plus_grand // 2, plus_grand})
        ),
    )
    colonnes = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>{}{}',
        (
            (
                round(gauche + rang * largeur + largeur * 0.15, 1),
                y(valeur),
                round(largeur * 0.7, 1),
                round(valeur * echelle, 1),
                COULEUR,
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>',
                    round(gauche + (rang + 0.5) * largeur, 1),
                    y(valeur) - 4,
                    _nombre(valeur),
                )
                if len(lignes) <= 24
                else "",
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>',
                    round(gauche + (rang + 0.5) * largeur, 1),
                    hauteur - bas + 18,
                    date_format(mois, "M Y"),
                )
                if rang % pas == 0
                else "",
            )
            for rang, (mois, valeur) in enumerate(lignes)
        ),
    )
    return _svg(ident, titre, description, hauteur, axe + colonnes)
