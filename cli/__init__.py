"""The operators' command line ``registry``: the group and its context in ``cli.main`` and ``cli.context``,
one module per command group, benchmarks in ``cli.bench``, the demo data set in ``cli.demo_data``."""
