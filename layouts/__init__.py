"""Builds components and figures from data it is given; never queries or reads files."""
