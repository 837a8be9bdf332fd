"""The Courts context: orders (seize, renew, release), queries, lapses, auction rulings and their
registration, and the tax inquiry answered before an auction."""
