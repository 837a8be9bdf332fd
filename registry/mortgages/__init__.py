"""The Mortgages context: bank filings through consent, named rules, decision and registration."""
