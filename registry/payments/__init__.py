"""The Payments context: one combined order per transfer case, paid once, cleared to the treasury and
the registry's fee account as balanced double-entry postings."""
