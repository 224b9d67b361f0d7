"""Map plugins, one module each (like folium.plugins): a MacroElement plus its JavaScript file.

The JavaScript is ours and always inlined (it is small); it draws with Leaflet only.
"""

from maps.plugins.basemap import CountryOutlines
from maps.plugins.events import EventLayer
from maps.plugins.fullscreen import Fullscreen
from maps.plugins.layers import LayerControl
from maps.plugins.legend import Legend
from maps.plugins.routes import RouteLayer
from maps.plugins.search import PlaceSearch
from maps.plugins.timeslider import TimeSlider
from maps.plugins.title import Title

__all__ = [
    "CountryOutlines", "EventLayer", "Fullscreen", "LayerControl", "Legend", "PlaceSearch",
    "RouteLayer", "TimeSlider", "Title",
]
