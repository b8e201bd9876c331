"""The PostgreSQL schema this service owns."""

SCHEMA = "analysis"
