# Root conftest: every test directory shares the real-PostgreSQL fixtures.
pytest_plugins = ["wie_common.testing.fixtures"]
