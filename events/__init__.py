"""The event vocabulary: one module per aggregate, flat typed records with explicit, stable topics.

Topics never change once events are stored; renaming a class is safe, renaming a topic is not.
"""
