from django.shortcuts import render


def recherche(request):
    """Search page. Until fiches exist (issue 3/4) there is nothing published to search."""
    return render(
        request,
        "pratiques/recherche.html",
        {"titre": "Rechercher une pratique", "q": request.GET.get("q", "").strip()},
    )
