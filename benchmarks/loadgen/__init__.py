"""Generated load for benchmarks (`manage.py generate_load`): never for a production database."""
