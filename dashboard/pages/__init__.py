"""One module per page: each registers its URL and exposes register_callbacks(app)."""
