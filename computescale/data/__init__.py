"""Packaged reference data (TOP500 leaders for ratio claims)."""
