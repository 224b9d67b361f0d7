"""Screenshot of a geomap page in headless Chromium, with one event's popup open.

Run: python bench/screenshot_map.py map.html docs/map-seed.png [--width 1280 --height 800]
(docs/map-seed.png: `geomap map <seed article> -o /tmp/seed.html --offline` first).
"""

from __future__ import annotations

import argparse
from pathlib import Path

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Where event i (in the store's order: by date) is drawn as a marker, to click its popup open.
MARKER_AT = """(i) => {
  const ev = geomap.events;
  const p = ev.pointOf(i);
  if (!p) return null;
  const r = ev._map.getContainer().getBoundingClientRect();
  return [r.left + p.x, r.top + p.y];
}"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("html", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=800)
    ap.add_argument("--event", type=int, default=0, help="Index of the event whose popup opens.")
    ap.add_argument("--no-popup", action="store_true")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = b.new_page(viewport={"width": args.width, "height": args.height})
        page.route("**/*", lambda r: r.continue_()
                   if r.request.url.startswith(("file:", "data:")) else r.abort())
        page.goto(args.html.resolve().as_uri())
        page.wait_for_function("window.geomap && geomap.ready")
        if not args.no_popup:
            pt = page.evaluate(MARKER_AT, args.event)
            if pt:
                page.mouse.click(pt[0], pt[1])
                page.wait_for_selector(".leaflet-popup-content")
        page.wait_for_timeout(400)
        page.screenshot(path=str(args.png))
        b.close()
    print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
