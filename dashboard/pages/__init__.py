"""One module per page: PATH, layout(query, **path_params) and register_callbacks(app)."""
