"""Small helpers shared by tests."""

import time


def attendre(condition, *, delai=15.0, pas=0.1):
    """Poll `condition` until it is truthy or `delai` seconds have passed."""
    echeance = time.monotonic() + delai
    while time.monotonic() < echeance:
        resultat = condition()
        if resultat:
            return resultat
        time.sleep(pas)
    return condition()
