"""Locations service: warehouses, their location model and the one code resolver."""
