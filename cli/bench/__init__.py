"""``registry bench …``: benchmarks comparing the project with the bare library in the same run
(``commands`` is the click group; ``core``, ``certificates`` and ``mortgages`` are the runs)."""
