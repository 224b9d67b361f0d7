"""How each event type looks: colour, marker shape and label (shared by markers and legend)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class TypeStyle:
    label: str
    color: str
    shape: str  # drawn on canvas by maps/plugins/core.js: circle, square, triangle, ...


#: Colours from ColorBrewer/Tableau-like qualitative palettes, told apart also by shape.
TYPE_STYLES: dict[str, TypeStyle] = {
    "deployment": TypeStyle("Deployment", "#d62728", "triangle"),
    "arms_transfer": TypeStyle("Arms transfer", "#8c564b", "square"),
    "attack": TypeStyle("Attack", "#000000", "star"),
    "meeting": TypeStyle("Meeting", "#1f77b4", "circle"),
    "statement": TypeStyle("Statement", "#7f7f7f", "diamond"),
    "appeal": TypeStyle("Appeal", "#e377c2", "pentagon"),
    "cooperation": TypeStyle("Cooperation", "#2ca02c", "hexagon"),
    "evacuation": TypeStyle("Evacuation", "#ff7f0e", "invtriangle"),
    "disaster": TypeStyle("Disaster", "#9467bd", "cross"),
    "other": TypeStyle("Other", "#17becf", "ring"),
}

#: Route colours by mode; unknown modes use "default".
ROUTE_COLORS: dict[str, str] = {
    "troops": "#b2182b",
    "shipment": "#8c564b",
    "aid": "#1a9850",
    "evacuation": "#ff7f0e",
    "default": "#4d4d4d",
}


def style_for(event_type: str) -> dict[str, str]:
    """Style of a type; a type outside the taxonomy gets Other's look but keeps its own name."""
    st = TYPE_STYLES.get(event_type)
    if st is None:
        base = TYPE_STYLES["other"]
        return {"label": event_type.replace("_", " ").capitalize(), "color": base.color,
                "shape": base.shape}
    return asdict(st)
