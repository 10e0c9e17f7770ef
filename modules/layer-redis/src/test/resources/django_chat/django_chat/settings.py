"""
Settings of a minimal Django Channels chat (the Channels tutorial) that shares its rooms with Switchboard's chat
through Redis. Everything that must match Switchboard's `layer` settings comes from the environment:

    REDIS_URL      one or several comma-separated Redis URLs (SWITCHBOARD_REDIS_URL)   [redis://127.0.0.1:6379]
    REDIS_PREFIX   the key prefix (SWITCHBOARD_REDIS_PREFIX)                           [asgi]
    CHANNEL_LAYER  redis or redis-pubsub (SWITCHBOARD_LAYER)                            [redis]
"""
import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A development key: this project is a test fixture and a demo, never a deployment
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-chat-demo-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "channels",
    "chat",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

ROOT_URLCONF = "django_chat.urls"
ASGI_APPLICATION = "django_chat.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": []},
    }
]

# No tables are needed: sessions live in signed cookies and nobody logs in, so every user is anonymous
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True

_BACKENDS = {
    "redis": "channels_redis.core.RedisChannelLayer",
    "redis-pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
}
_layer = os.environ.get("CHANNEL_LAYER", "redis")
if _layer not in _BACKENDS:
    raise ValueError(f"CHANNEL_LAYER '{_layer}' is unknown; expected redis or redis-pubsub")
_hosts = [url.strip() for url in os.environ.get("REDIS_URL", "redis://127.0.0.1:6379").split(",") if url.strip()]

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": _BACKENDS[_layer],
        "CONFIG": {
            "hosts": _hosts,
            "prefix": os.environ.get("REDIS_PREFIX", "asgi"),
        },
    }
}
