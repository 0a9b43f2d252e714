"""A real webhook receiver for the tests: an HTTP server on the loopback, in a thread,
which checks each call with standardwebhooks.Webhook(secret).verify, as a partner's
server would, and answers the status the test chose."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass
class Appel:
    en_tetes: dict
    corps: bytes
    contenu: object = None  # the verified payload, None if the signature was refused
    erreur: str = ""


@dataclass
class Recepteur:
    secret: str = ""
    statut: int = 200
    attente: float = 0.0
    en_tetes_reponse: dict = field(default_factory=dict)
    appels: list = field(default_factory=list)
    url: str = ""

    @property
    def verifies(self) -> list:
        return [appel for appel in self.appels if appel.contenu is not None]


def demarrer() -> tuple[Recepteur, ThreadingHTTPServer]:
    recepteur = Recepteur()

    class Gestionnaire(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 — the name http.server calls
            corps = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            appel = Appel(dict(self.headers.items()), corps)
            try:
                appel.contenu = Webhook(recepteur.secret).verify(corps, appel.en_tetes)
            except WebhookVerificationError as erreur:
                appel.erreur = str(erreur)
            recepteur.appels.append(appel)
            if recepteur.attente:
                time.sleep(recepteur.attente)
            # An unverified call is refused, as a partner's server should.
            statut = recepteur.statut if appel.contenu is not None else 401
            self.send_response(statut)
            for nom, valeur in recepteur.en_tetes_reponse.items():
                self.send_header(nom, valeur)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gestionnaire)
    recepteur.url = f"http://127.0.0.1:{serveur.server_address[1]}/webhooks/pratiques"
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    return recepteur, serveur
