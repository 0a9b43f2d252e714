"""Signals other apps may listen to (imports imports none of them): the webhooks
connect to `import_termine` in the integration, sent once an import has finished
(sender: the Import class, keyword `import_`: the Import)."""

from django.dispatch import Signal

import_termine = Signal()
