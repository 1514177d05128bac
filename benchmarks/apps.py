from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """The development tools that need Django: `manage.py generate_load`.

    Installed only where the package is there (a checkout, not the production image).
    """

    name = "benchmarks"
    verbose_name = "Benchmarks"
