"""The PostgreSQL schema this service owns."""

SCHEMA = "rules"
