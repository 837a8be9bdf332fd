"""The Certificates context: issued e-certificates and registration proofs, their roll, what they
say, and the issuer that seals them when a registration completes."""
