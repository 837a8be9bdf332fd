"""``registry bench …``: benchmarks comparing the project with the bare library in the same run
(``commands`` is the click group; ``core``, ``certificates``, ``mortgages`` and ``supervision`` are the runs)."""
