"""Shared plumbing for the WIE services (no domain logic lives here)."""
