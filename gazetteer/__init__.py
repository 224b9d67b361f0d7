"""Places: the offline GeoNames/CLDR gazetteer, user places and the geopy fallback."""

from gazetteer.place import Candidate, Place

__all__ = ["Candidate", "Place"]
