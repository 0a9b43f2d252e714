"""Refresh the geography snapshot shipped in this folder (`make territoires-snapshot`).

- France: `npm pack @etalab/decoupage-administratif@VERSION` (npm registry) in a
  temporary directory; the JSON files the import reads are kept unchanged, gzipped
  (reproducibly: no timestamp) as <name>.json.gz.
- Foreign countries: ISO 3166-1 with French names, from Debian's `iso-codes` package
  (the data pycountry also bundles), written as pays.json.gz. France itself and the
  French overseas codes are left out: they belong to the French geography.
- source.json records versions, licences and checksums; the import prints them.

Usage: python territoires/data/actualiser.py [VERSION]
"""

import gettext
import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from datetime import date
from pathlib import Path

DOSSIER = Path(__file__).resolve().parent
PAQUET = "@etalab/decoupage-administratif"
VERSION_PAR_DEFAUT = "6.0.0"
FICHIERS = ["regions", "departements", "epci", "communes"]

ISO_JSON = Path("/usr/share/iso-codes/json/iso_3166-1.json")
# ISO 3166-1 codes of France and of its overseas territories (they are in the COG).
CODES_FRANCAIS = {
    "FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC", "TF",
}  # fmt: skip


def ecrire_gzip(chemin: Path, contenu: bytes) -> None:
    with chemin.open("wb") as brut, gzip.GzipFile("", "wb", 9, brut, mtime=0) as gz:
        gz.write(contenu)


def sha256(contenu: bytes) -> str:
    return hashlib.sha256(contenu).hexdigest()


def actualiser_decoupage(version: str) -> dict:
    with tempfile.TemporaryDirectory() as temporaire:
        sortie = subprocess.run(
            ["npm", "pack", f"{PAQUET}@{version}", "--json", "--silent"],
            cwd=temporaire,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        paquet = json.loads(sortie)[0]
        fichiers = {}
        with tarfile.open(Path(temporaire) / paquet["filename"]) as archive:
            manifeste = json.load(archive.extractfile("package/package.json"))
            for nom in FICHIERS:
                contenu = archive.extractfile(f"package/data/{nom}.json").read()
                json.loads(contenu)  # refuse a broken file before replacing ours
                ecrire_gzip(DOSSIER / f"{nom}.json.gz", contenu)
                fichiers[f"{nom}.json.gz"] = {"json_sha256": sha256(contenu)}
    print(f"{PAQUET}@{manifeste['version']}: {', '.join(fichiers)}")
    return {
        "paquet": PAQUET,
        "version": manifeste["version"],
        "integrite_npm": paquet["integrity"],
        "licence_donnees": "Licence Ouverte / Open Licence (Etalab)",
        "licence_code": manifeste.get("license", ""),
        "depot": manifeste.get("repository", ""),
        "fichiers": fichiers,
    }


def actualiser_pays() -> dict | None:
    if not ISO_JSON.exists():
        print("iso-codes is not installed (apt-get install iso-codes): pays.json.gz kept.")
        return None
    traduction = gettext.translation("iso_3166-1", "/usr/share/locale", languages=["fr"])
    pays = []
    for entree in json.loads(ISO_JSON.read_text())["3166-1"]:
        if entree["alpha_2"] in CODES_FRANCAIS:
            continue
        nom = traduction.gettext(entree["name"])
        # A short common name ("Corée du Sud") reads better than "Corée, République de"
        # when the translators gave one.
        courant = entree.get("common_name")
        if courant and traduction.gettext(courant) != courant:
            nom = traduction.gettext(courant)
        pays.append({"code": entree["alpha_2"], "nom": nom})
    contenu = json.dumps(sorted(pays, key=lambda p: p["code"]), ensure_ascii=False, indent=0)
    ecrire_gzip(DOSSIER / "pays.json.gz", contenu.encode())
    version = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "iso-codes"], capture_output=True, text=True
    ).stdout
    print(f"iso-codes {version}: {len(pays)} pays")
    return {
        "source": "Debian iso-codes (ISO 3166-1, noms français)",
        "version": version,
        "licence": "LGPL-2.1-or-later",
        "exclus": sorted(CODES_FRANCAIS),
        "fichiers": {"pays.json.gz": {"json_sha256": sha256(contenu.encode())}},
    }


def main() -> None:
    version = sys.argv[1] if len(sys.argv) > 1 else VERSION_PAR_DEFAUT
    chemin_source = DOSSIER / "source.json"
    source = json.loads(chemin_source.read_text()) if chemin_source.exists() else {}
    source["decoupage_administratif"] = actualiser_decoupage(version)
    pays = actualiser_pays()
    if pays:
        source["pays"] = pays
    source["actualise_le"] = date.today().isoformat()
    chemin_source.write_text(json.dumps(source, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
