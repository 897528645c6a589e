"""Shared builders for tests (and research): small fictional data, made in code."""
