"""The Transfers context: the 4-in-1 transfer case (family-housing check, record, settlement,
registration) and what its parties claim for their taxes."""
