"""The shared kernel: code lists, value objects, domain errors, deterministic ids, actors, the registry's
area and the load → act → save command plumbing every context uses. Imports only the standard library."""
