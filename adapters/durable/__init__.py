"""The tables that cannot be rebuilt from events (accounts, court keys and nonces, bank accreditation,
webhooks and their deliveries, signed PDFs, the sandbox gateway's payments and callbacks): their metadata
(``tables``), their Alembic migrations (``migrations/``) and the upgrade run at start (``migrate``)."""
