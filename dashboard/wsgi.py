"""WSGI entry point for gunicorn: `gunicorn dashboard.wsgi:server` (see the Procfile)."""

from dashboard import settings
from dashboard.app import create_app

server = create_app(settings.db_path(), **settings.deployment()).server
