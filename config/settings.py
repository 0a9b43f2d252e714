"""Settings for Pratiques inspirantes.

Everything that differs between machines comes from the environment. Development
defaults are safe (loopback services, DEBUG on, mail printed to the console); with
DJANGO_ENV=production the process refuses to start without a secret key and allowed
hosts, and every security setting is on, so that `manage.py check --deploy` is clean.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = env_str("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required in production.")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Pratiques inspirantes"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "widget_tweaks",
    "dsfr",
    "pgtrigger",
    "rest_framework_api_key",
    "core",
    "api",
    "territoires",
    "comptes",
    "confidentialite",
    "pratiques",
    "decouverte",
    "collectifs",
    "partenaires",
    "donnees",
    "essaimage",
    "prix",
    "suivis",
    "webhooks",
    "imports",
    "chiffres",
    "droits",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.securite.EntetesDeSecurite",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view or middleware reads the body (CSRF reads POST in process_view).
    "core.securite.LimiteTailleRequete",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str(
            "DATABASE_URL",
            "postgres://pratiques:pratiques@127.0.0.1:55432/pratiques",
        ),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
# No JIT compilation: the site's queries are short, and compiling a search's plan cost
# more (about 40 ms) than it saved (bench/bench_recherche.py).
DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
if os.environ.get("DATABASE_TEST_NAME"):
    # Lets several test runs (or helpers) share one cluster without clashing.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:56379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "pi"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

# --- Celery ------------------------------------------------------------------------

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "pratiques")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # An unacknowledged task (its worker died) goes back to the queue after this delay.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
}
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BEAT_SCHEDULE = {
    "renvoyer-courriels-en-attente": {
        "task": "core.tasks.renvoyer_courriels_en_attente",
        "schedule": timedelta(minutes=1),
    },
    "resume-hebdomadaire-moderateurs": {
        "task": "pratiques.tasks.envoyer_resumes_hebdomadaires",
        "schedule": crontab(day_of_week="mon", hour=8, minute=0),
    },
    "lexique-de-la-recherche": {
        "task": "pratiques.tasks.reconstruire_lexique",
        "schedule": crontab(hour=4, minute=3),
    },
    "purger-courriels-envoyes": {
        "task": "core.tasks.purger_courriels_envoyes",
        "schedule": crontab(hour=3, minute=17),
    },
    "alertes-quotidiennes": {
        "task": "decouverte.tasks.envoyer_resumes_alertes",
        "schedule": crontab(hour=7, minute=0),
        "args": ("quotidienne",),
    },
    "alertes-hebdomadaires": {
        "task": "decouverte.tasks.envoyer_resumes_alertes",
        "schedule": crontab(day_of_week="mon", hour=7, minute=30),
        "args": ("hebdomadaire",),
    },
    "collectifs-rappels-quotidiens": {
        "task": "collectifs.tasks.rappels_quotidiens",
        "schedule": crontab(hour=6, minute=30),
    },
    "utilisation-des-cles-api": {
        "task": "partenaires.tasks.enregistrer_utilisations",
        "schedule": timedelta(minutes=1),
    },
    "donnees-depots-nocturnes": {
        "task": "donnees.tasks.deposer_exports",
        "schedule": crontab(hour=2, minute=30),
    },
    "pratiques-rappels-actualite": {
        "task": "pratiques.tasks.envoyer_rappels_actualite",
        "schedule": crontab(hour=9, minute=15),
    },
    "suivis-resumes-quotidiens": {
        "task": "suivis.tasks.envoyer_resumes_suivis",
        "schedule": crontab(hour=7, minute=10),
        "args": ("quotidienne",),
    },
    "suivis-resumes-hebdomadaires": {
        "task": "suivis.tasks.envoyer_resumes_suivis",
        "schedule": crontab(day_of_week="mon", hour=7, minute=40),
        "args": ("hebdomadaire",),
    },
}

# --- Partners' imports (imports/) -------------------------------------------------

IMPORTS_TAILLE_MAX = env_int("IMPORTS_TAILLE_MAX", 20 * 1024 * 1024)  # bytes per file
IMPORTS_LIGNES_MAX = env_int("IMPORTS_LIGNES_MAX", 20_000)  # data rows per file
IMPORTS_TAILLE_LOT = env_int("IMPORTS_TAILLE_LOT", 200)  # rows committed together

# --- E-mail ------------------------------------------------------------------------
# Every message Django sends goes into the outbox table (core.EmailSortant) within the
# caller's transaction; a Celery task then delivers it through OUTBOX_DELIVERY_BACKEND.

EMAIL_BACKEND = "core.mail.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = env_str(
    "OUTBOX_DELIVERY_BACKEND",
    {
        "production": "django.core.mail.backends.smtp.EmailBackend",
        "test": "django.core.mail.backends.locmem.EmailBackend",
    }.get(DJANGO_ENV, "django.core.mail.backends.console.EmailBackend"),
)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / ".local" / "mails"))
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Pratiques inspirantes <ne-pas-repondre@pratiques-inspirantes.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write to the platform's team (accessibility statement, error pages).
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "contact@pratiques-inspirantes.local")

# --- Accounts ----------------------------------------------------------------------

AUTH_USER_MODEL = "comptes.Utilisateur"
LOGIN_URL = "comptes:connexion"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "accueil"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if DJANGO_ENV == "test":
    # Tests create many accounts; a fast hash keeps them quick (never outside tests).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Failed logins: at most LOGIN_MAX_ECHECS per address (and per client IP) in the window.
LOGIN_MAX_ECHECS = env_int("LOGIN_MAX_ECHECS", 5)
LOGIN_FENETRE_SECONDES = env_int("LOGIN_FENETRE_SECONDES", 15 * 60)
INSCRIPTION_LIEN_VALIDITE_SECONDES = 3 * 24 * 3600

# --- Internationalisation ----------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / ".local" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".local" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DSFR_USE_INTEGRITY_CHECKSUMS = True
DSFR_MARK_OPTIONAL_FIELDS = True  # the DSFR marks optional fields, not required ones

# --- API ---------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.SchemaApi",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The API as a whole lives in api/. A call is anonymous, or made with a partner's
    # key (partenaires, named here by string: api/ imports no domain app); each kind is
    # counted by its own rate limit; errors are JSON in French.
    "DEFAULT_AUTHENTICATION_CLASSES": ["partenaires.authentication.AuthentificationParCle"],
    "DEFAULT_PERMISSION_CLASSES": ["partenaires.permissions.PorteeRequise"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.LimiteAnonyme", "api.throttling.LimiteParCle"],
    "EXCEPTION_HANDLER": "api.exceptions.gerer_les_erreurs",
}
# The rate limit of a partner's key (api/throttling.py; the anonymous one is 60/min).
API_LIMITE_CLE = env_str("API_LIMITE_CLE", "600/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "API Pratiques inspirantes",
    "DESCRIPTION": "Interroger et exporter les pratiques inspirantes publiées.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The documentation page's assets are served by the site itself (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Webhooks ----------------------------------------------------------------------
# Endpoints on http://127.0.0.1 or localhost, and on private networks, are accepted only
# when this is on (tests and DEBUG); in production only https:// to public addresses
# (webhooks/adresses.py).
WEBHOOKS_ADRESSES_LOCALES = env_bool("WEBHOOKS_ADRESSES_LOCALES", DEBUG or DJANGO_ENV == "test")
# Retries due and deliveries no task picked up (webhooks.services.renvoyer_dues).
CELERY_BEAT_SCHEDULE["webhooks-livraisons-dues"] = {
    "task": "webhooks.tasks.renvoyer_livraisons_dues",
    "schedule": timedelta(minutes=1),
}
CELERY_BEAT_SCHEDULE["webhooks-purger-livraisons"] = {
    "task": "webhooks.tasks.purger_livraisons",
    "schedule": crontab(hour=3, minute=41),
}
CELERY_BEAT_SCHEDULE["droits-conservation"] = {
    "task": "droits.tasks.appliquer_conservation",
    "schedule": crontab(hour=3, minute=53),
}

# --- Security ----------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "core.erreurs.echec_csrf"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script or style anywhere: scripts and styles are files under /static/ (the
# API console loads its init script from its own URL: SpectacularSwaggerSplitView).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the site never uses (core.securite.EntetesDeSecurite).
PERMISSIONS_POLICY = {
    fonction: []
    for fonction in (
        "camera", "microphone", "geolocation", "payment", "usb", "interest-cohort",
    )
}  # fmt: skip
# Request bodies: the limit of the first pattern matching the path, else the default; a
# larger Content-Length is refused with 413 before the body is read (core.securite).
LIMITE_TAILLE_REQUETE_DEFAUT = env_int("LIMITE_TAILLE_REQUETE_DEFAUT", 1024 * 1024)
LIMITES_TAILLE_REQUETE = {
    # An attachment (10 MB, pratiques/pieces_jointes.py) and the form's other fields.
    r"^/pratiques/\d+/documents/$": 11 * 1024 * 1024,
    # Partners' import files (imports/: IMPORTS_TAILLE_MAX, 20 MB) and the form's other
    # fields, so that the import's own message names a file just too large.
    r"^/partenaires/imports/": 21 * 1024 * 1024,
    r"^/api/v1/imports/": 21 * 1024 * 1024,
}
# Django's own limits once the body is read: a body other than uploaded files (form
# fields, JSON read through request.body) and the size above which an uploaded file goes
# to a temporary file rather than memory. Both are Django's defaults, written down.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
if PRODUCTION:
    # DJANGO_HTTPS=false only for a local try of the docker stack over plain HTTP.
    HTTPS = env_bool("DJANGO_HTTPS", True)
    SECURE_SSL_REDIRECT = HTTPS
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
    SECURE_HSTS_PRELOAD = HTTPS
    SESSION_COOKIE_SECURE = HTTPS
    CSRF_COOKIE_SECURE = HTTPS
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", SITE_URL)
# Health checks use short timeouts so a dead dependency answers 503 quickly.
HEALTHZ_TIMEOUT_SECONDES = 2.0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Faults and several machines (README "Plusieurs machines") ---------------------
# A database outage answers 503 (core.erreurs), the page in French, JSON under /api/.
MIDDLEWARE.append("core.erreurs.BaseIndisponible")
# The cache (rate limits, throttles, sessions' read copy) fails open when Redis is down.
CACHES["default"]["BACKEND"] = "core.cache.CacheRedisTolerant"
CACHE_PAUSE_APRES_PANNE_SECONDES = float(os.environ.get("CACHE_PAUSE_APRES_PANNE_SECONDES", 5))
# Sessions are read from Redis, shared by every web process, and written through to
# PostgreSQL: signed-in people stay signed in while Redis is down or restarted empty.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Uploaded documents and export dumps: the local filesystem (MEDIA_ROOT) by default;
# PI_STOCKAGE=s3 puts them in an S3-compatible object store shared by every machine.


def stockage_s3(environ) -> dict:
    """The default storage in an S3-compatible bucket (django-storages), from AWS_*."""
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("PI_STOCKAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # Documents are served through the site's own views, never by public URL.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


if env_str("PI_STOCKAGE", "fichiers") == "s3":
    STORAGES["default"] = stockage_s3(os.environ)
