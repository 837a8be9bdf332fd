"""The registry's domain: aggregates, value objects, named rules and the application services.

Imports only the standard library, ``eventsourcing`` and ``events``.
"""
