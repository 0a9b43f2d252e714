from celery import shared_task
from django.db import OperationalError

from territoires import services


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def importer_territoires(simulation: bool = False) -> dict:
    """Run the import in a worker; idempotent, so a retry after a failure is safe."""
    bilan = services.importer_territoires(simulation=simulation)
    return {"bilan": bilan.en_dict(), "erreurs": bilan.erreurs, "inchange": bilan.inchange}
