"""The partners' API as a whole: what every endpoint shares, whatever app owns its data.

- throttling.py: the anonymous rate limit, applied to every endpoint by default
  (REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]);
- pagination.py: the pagination conventions (page size, parameter names) and the page
  pagination that a plain list uses;
- authentication.py: where partner keys will plug in (the API is anonymous today);
- journal.py: the changelog, shown on /api/changelog/;
- pages.py, urls.py: the pages for people, /api/ and /api/changelog/;
- documentation.py: /api/v1/docs/, the documentation rendered from the OpenAPI schema.

A resource's serializers and viewsets stay in the app that owns the data (its `api`
package); config/api.py registers them on the versioned router. This package imports
no domain app.
"""
