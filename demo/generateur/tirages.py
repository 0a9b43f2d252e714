"""Seeded draws: from a list by rank (Zipf law) or from weighted values."""

import random
from bisect import bisect


class Zipf:
    """Draws from a list, the first items most often (weight 1 / rank ** exposant)."""

    def __init__(self, valeurs, exposant=1.0):
        self.valeurs = list(valeurs)
        cumul, total = [], 0.0
        for rang in range(1, len(self.valeurs) + 1):
            total += 1 / rang**exposant
            cumul.append(total)
        self.cumul, self.total = cumul, total

    def __call__(self, rng: random.Random):
        return self.valeurs[
            min(bisect(self.cumul, rng.random() * self.total), len(self.valeurs) - 1)
        ]


class Ponderes:
    """Draws from (value, weight) pairs."""

    def __init__(self, paires):
        self.valeurs, self.cumul, total = [], [], 0.0
        for valeur, poids in paires:
            if poids > 0:
                total += poids
                self.valeurs.append(valeur)
                self.cumul.append(total)
        self.total = total

    def __bool__(self):
        return bool(self.valeurs)

    def __call__(self, rng: random.Random):
        return self.valeurs[
            min(bisect(self.cumul, rng.random() * self.total), len(self.valeurs) - 1)
        ]

    def plusieurs(self, rng: random.Random, nombre: int) -> list:
        nombre = min(nombre, len(self.valeurs))
        choisis: list = []
        for _ in range(nombre * 20):
            if len(choisis) == nombre:
                break
            valeur = self(rng)
            if valeur not in choisis:
                choisis.append(valeur)
        return choisis
