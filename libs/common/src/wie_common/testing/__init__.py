"""Test support shared by every service's tests (a pytest plugin, loaded from the root conftest)."""
