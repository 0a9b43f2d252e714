"""Signals of the imports: `import_termine` is sent once an import has finished (done
or failed; never after a dry run), in the transaction that records its end (sender:
the Import class, keyword `import_`: the Import). imports/webhooks.py connects it to
the partners' webhooks (event `import.termine`)."""

from django.dispatch import Signal

import_termine = Signal()
