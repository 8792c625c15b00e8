"""Shared test set-up: none needed; pytest puts this folder on sys.path for `gen`."""
