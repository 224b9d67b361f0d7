"""Articles -> toponyms -> events and routes -> store -> export."""

from geo.models import Article, Event, Route, Toponym

__all__ = ["Article", "Event", "Route", "Toponym"]
