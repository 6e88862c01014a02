"""Scheduling optimisers: pure Python cores, no Django (talent ordering, production boards)."""
