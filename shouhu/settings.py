"""Shouhu settings. Everything that differs between machines is read from the environment."""

import base64
import hashlib
import os
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "False")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 (DEBUG only)
# Sessions, password resets and CSRF tokens are signed with it: a guessable key lets anyone log in
# as anyone. Django's own deployment check (security.W009) only warns; production refuses.
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak: use at least 50 random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )


def field_keys() -> list[str]:
    """Field encryption keys (core.crypto), newest first, from outside the database.

    SHOUHU_FIELD_KEYS (comma-separated) or SHOUHU_FIELD_KEY_FILE (one key per line, # comments).
    Without either, DEBUG derives a development key from SECRET_KEY; production refuses to start.
    """
    listed, path = envlist("SHOUHU_FIELD_KEYS", ""), os.getenv("SHOUHU_FIELD_KEY_FILE", "")
    if listed and path:
        raise ImproperlyConfigured("Set SHOUHU_FIELD_KEYS or SHOUHU_FIELD_KEY_FILE, not both")
    if path:
        try:
            text = Path(path).read_text()
        except OSError as exc:
            raise ImproperlyConfigured(f"SHOUHU_FIELD_KEY_FILE cannot be read: {exc}") from exc
        listed = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    if not listed:
        if not DEBUG:
            raise ImproperlyConfigured(
                "No field encryption key: set SHOUHU_FIELD_KEYS or SHOUHU_FIELD_KEY_FILE when DEBUG is off "
                "(ID numbers, health and abuse details are encrypted with it; keep it outside the database). "
                "Generate one with python -c "
                "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
            )
        digest = hashlib.sha256(b"shouhu development field key:" + SECRET_KEY.encode()).digest()
        return [base64.urlsafe_b64encode(digest).decode()]
    for key in listed:
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                "A field encryption key is not a Fernet key (32 url-safe base64-encoded bytes)"
            ) from None
    return listed


SHOUHU_FIELD_KEYS = field_keys()


ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # runserver (`make run`) leaves static files to WhiteNoise, as gunicorn does in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    # Third-party apps under names in the user's language (shouhu/third_party.py).
    "shouhu.third_party.TasksConfig",
    "shouhu.third_party.AxesConfig",
    "django_otp",
    "shouhu.third_party.OtpTotpConfig",
    "shouhu.third_party.OtpStaticConfig",  # single-use recovery codes for a lost phone
    "core",
    "geo",
    "partners",
    "accounts",
    # After accounts, whose `changepassword` replaces Django's (the password it sets is temporary).
    "django.contrib.auth",
    "children",
    "audit",
    "measurements",
    "visits",
    "followup",
    "alerts",
    "referrals",
    "reports",
    "schools",
    "caseplans",
    "benefits",  # allowances for orphans and de facto unsupported children: applications, rolls, payments
    "training",  # the workforce's courses, sessions, self-study quizzes and certificates
    "conferences",  # multi-agency case conferences: the council, briefing packs, agency actions
    "family",  # migrant parents and caregivers: links by one-time code, entrustment, calls, notices
    "retention",  # erases the personal data of long-closed files (county retention periods)
    "sweeps",  # sweep campaigns (摸底排查)
    "planning",  # coverage planning: CWDs and supervisors needed per county, from the assumptions
    "ledger",  # ledgers in and out: imports, the 两表一册, the MCA exchange, merging duplicates
    "dossier",  # the printable child file (一人一档)
    "workforce",  # the real-name registry of CWDs, supervisors and officers; handovers; supervision
    "dashboards",  # the pages that bring the apps above together (overview, Today, follow-up)
    "public",  # the public "Share the cause" pages: suppressed statistics, no login
    # The project package itself: the nightly jobs' management command.
    "shouhu",
    "demo",  # last: the demo data for every app above (manage.py seed_demo, serve_demo)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed (a page is a fifth of its size on a village's 3G line). Below WhiteNoise,
    # which answers static files itself, already compressed at collectstatic. BREACH: Django adds
    # random bytes to every compressed response and masks the CSRF token anew in every page.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.session.IdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(); then users of SHOUHU_2FA_ROLES give a TOTP code before any page.
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.RequireTwoFactorMiddleware",
    # Then a user whose password is older than SHOUHU_PASSWORD_MAX_AGE_DAYS changes it first.
    "accounts.passwords.PasswordExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # NUL in any parameter is refused (400) before a view passes it to the database.
    "core.middleware.RejectNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # An ActionError a view did not handle is answered like anything out of scope: 404.
    "core.errors.ActionErrorMiddleware",
    # Reads of children's data noted by the views (audit.reads.note_read): one INSERT per request.
    "audit.reads.ReadAuditMiddleware",
    # Responses to signed-in users show child data: Cache-Control: private, no-store.
    "core.middleware.NoStoreMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shouhu.urls"
WSGI_APPLICATION = "shouhu.wsgi.application"

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
                "django.template.context_processors.i18n",
                "alerts.views.unread_count",
            ],
        },
    },
]

# SQLite is the embedded default so that a laptop and the test suite need no services;
# production sets DATABASE_URL=postgres://...
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background worker write while pages read.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The password policy (MLPS level 3, identification: passwords of sufficient complexity),
# applied wherever a password is set (the admin's user forms, changepassword, createsuperuser).
SHOUHU_PASSWORD_MIN_LENGTH = envint("SHOUHU_PASSWORD_MIN_LENGTH", "10")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": SHOUHU_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Maximum password age (MLPS level 3: passwords changed periodically): after this many days a user
# must choose a new password before any other page (accounts.passwords); 0 turns it off. Off in
# the DEBUG demo. NIST SP 800-63B advises against forced changes; a county whose assessor agrees
# sets 0.
SHOUHU_PASSWORD_MAX_AGE_DAYS = envint("SHOUHU_PASSWORD_MAX_AGE_DAYS", "0" if DEBUG else "90")
if SHOUHU_PASSWORD_MAX_AGE_DAYS < 0:
    raise ImproperlyConfigured("SHOUHU_PASSWORD_MAX_AGE_DAYS must be 0 (off) or a number of days")
# Roles that must log in with a second factor (TOTP, accounts.two_factor). MLPS level 3 asks for
# two factors for administrators; county officers see the whole county. Other staff give a
# second factor only to export (SHOUHU_2FA_FOR_EXPORT), or always if a county adds their roles.
# Off in the DEBUG demo so that `make run` logs in with the password alone.
SHOUHU_2FA_ROLES = envlist("SHOUHU_2FA_ROLES", "" if DEBUG else "county_officer,admin")
# Exporting children's data needs a session verified with a second factor, whatever the role
# (children.access.can_export): a CWD or supervisor who exports sets up TOTP once from the roster.
SHOUHU_2FA_FOR_EXPORT = envbool("SHOUHU_2FA_FOR_EXPORT", "0" if DEBUG else "1")
OTP_TOTP_ISSUER = "Shouhu"
# A refused form token is answered by a page in the user's language, not Django's English one.
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures (django-axes): per username, so that a village sharing
# one IP address is not locked out by one person's typos.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "30") / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
SILENCED_SYSTEM_CHECKS = [
    # axes.W006 asks to lock by IP address too. A whole village often shares one mobile
    # carrier NAT address, so an IP lockout would lock out every CWD behind it.
    "axes.W006",
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
    ("ja", "日本語"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.getenv("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(BASE_DIR / "media")))
# Static files as deployed: `collectstatic` writes each file under a name with its content's hash
# (css/shouhu.622a28a47793.css) and compressed copies; WhiteNoise serves them compressed with
# far-future caching (Cache-Control: max-age=315360000, immutable), so a phone downloads the CSS
# and scripts once per change. Off for development (files served by name from the app folders, no
# collectstatic needed); `make run` turns it on to serve the demo as a deployment does.
STATIC_MANIFEST = envbool("STATIC_MANIFEST", "False" if DEBUG else "True")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# Files every browser asks for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

TASKS = {
    "default": {
        "BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Security. The defaults are production-safe; the demo run command turns DEBUG on.
SESSION_COOKIE_HTTPONLY = True
# Idle timeout (MLPS level 3: a session left idle ends): this many minutes after the user's last
# request, on the server too (the stored session expires), not only in the browser. The session's
# age restarts when accounts.session.IdleTimeoutMiddleware saves it (at most once a minute).
SHOUHU_SESSION_IDLE_MINUTES = envint("SHOUHU_SESSION_IDLE_MINUTES", "30")
if SHOUHU_SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("SHOUHU_SESSION_IDLE_MINUTES must be at least 1")
SESSION_COOKIE_AGE = SHOUHU_SESSION_IDLE_MINUTES * 60
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "False" if DEBUG else "True")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False" if DEBUG else "True")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", "False") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: nothing is loaded from anywhere but this server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    # WeasyPrint (dossier) logs every step of every PDF at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# Shouhu's own settings.
SHOUHU_DEMO_PASSWORD = os.getenv("SHOUHU_DEMO_PASSWORD", "shouhu-demo-2026")
# With DEBUG on, answer 404s with Shouhu's own page (as users see it), not Django's technical one.
SHOUHU_FRIENDLY_404_IN_DEBUG = envbool("SHOUHU_FRIENDLY_404_IN_DEBUG", "1")
ROSTER_PAGE_SIZE = envint("ROSTER_PAGE_SIZE", "50")
# MPL Art. 11(3): the receiving department owes the reporter the outcome; days until overdue,
# then further days late before the county is alerted.
SHOUHU_REPORT_FEEDBACK_DAYS = envint("SHOUHU_REPORT_FEEDBACK_DAYS", "7")
SHOUHU_REPORT_ESCALATE_DAYS = envint("SHOUHU_REPORT_ESCALATE_DAYS", "7")
# Unexcused school absences in 30 days at which the child's CWD is alerted (schools.actions).
SHOUHU_TRUANCY_ABSENCES = envint("SHOUHU_TRUANCY_ABSENCES", "5")
# Where alerts are delivered besides the in-app inbox (alerts/channels.py).
SHOUHU_NOTIFICATION_CHANNELS = envlist("SHOUHU_NOTIFICATION_CHANNELS", "alerts.channels.LogChannel")
# Days audit events are kept before prune_audit may remove them; at least 183 (six months,
# Cybersecurity Law Art. 21), checked at startup (audit.chain.retention_days).
SHOUHU_AUDIT_RETENTION_DAYS = envint("SHOUHU_AUDIT_RETENTION_DAYS", "183")
# The nightly jobs (shouhu/nightly.py), dotted paths run in this order; each is called as
# job(today=<date>) and returns its counts (an int or a dict).
SHOUHU_NIGHTLY_JOBS = envlist(
    "SHOUHU_NIGHTLY_JOBS",
    ",".join(
        [
            "followup.services.recompute_all",
            "referrals.services.nightly_escalation",
            "reports.services.escalate_overdue",
            "caseplans.services.remind_overdue",
            "benefits.services.nightly",
            "training.services.nightly",
            "conferences.services.escalate_overdue",
            "children.rechecks.nightly",
            "retention.services.nightly",
            "dossier.services.purge_expired",
            "ledger.importer.expire_open_imports",
            "ledger.export_jobs.purge_expired",
            "audit.chain.nightly",
            "workforce.services.nightly",
            "dashboards.snapshots.nightly",  # last: the day's figures count what the jobs above changed
        ]
    ),
)
