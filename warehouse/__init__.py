"""Makes the database: boundaries, synthetic or ingested tables, and the rollups."""
