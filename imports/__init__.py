"""Partners' imports of practice files (CSV, XLSX, JSON) through Celery."""
