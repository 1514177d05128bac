import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Tools run without a key; a server must not: its sessions would die with each worker.
if settings.SECRET_KEY_MISSING:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment to run the server.")
