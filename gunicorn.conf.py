# Read by gunicorn when it starts in the checkout, as the Procfile runs it: the same hooks
# as `poverty-dashboard serve` (dashboard/server.py).
from dashboard.server import HOOKS

pre_request = HOOKS["pre_request"]
