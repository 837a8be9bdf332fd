"""Everything that touches a third-party system: persistence, clock, view store, accounts."""
