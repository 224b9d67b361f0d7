"""Features (GeoDataFrames) -> Folium maps and offline assets. Knows nothing of NLP."""
