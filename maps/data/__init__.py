"""Packaged map data (country outlines): see maps/build_countries.py."""
