"""WSGI entry point for gunicorn: `gunicorn dashboard.wsgi:server` (see the Procfile)."""

from dashboard import settings
from dashboard.app import create_app, ready_to_serve

server = ready_to_serve(create_app(settings.db_path(), **settings.deployment())).server
