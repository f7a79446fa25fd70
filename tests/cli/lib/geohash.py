"""Geohash cells (the trends cell of docs/TRENDS.md) for the tweet-trends test tools
(trends_synth.py, trends_eval.py): encode a point, decode a cell to its box, a cell's neighbours.
"""

B32 = "0123456789bcdefghjkmnpqrstuvwxyz"


def geohash(lat, lon, precision):
    """The cell of (lat, lon) with `precision` characters."""
    lat_lo, lat_hi, lon_lo, lon_hi = -90.0, 90.0, -180.0, 180.0
    bits, out, even = 0, [], True
    for i in range(precision * 5):
        if even:
            mid = (lon_lo + lon_hi) / 2
            bit = lon >= mid
            lon_lo, lon_hi = (mid, lon_hi) if bit else (lon_lo, mid)
        else:
            mid = (lat_lo + lat_hi) / 2
            bit = lat >= mid
            lat_lo, lat_hi = (mid, lat_hi) if bit else (lat_lo, mid)
        even = not even
        bits = bits * 2 + bit
        if i % 5 == 4:
            out.append(B32[bits])
            bits = 0
    return "".join(out)


def decode(cell):
    """(lat_lo, lat_hi, lon_lo, lon_hi) of the cell."""
    lat_lo, lat_hi, lon_lo, lon_hi = -90.0, 90.0, -180.0, 180.0
    even = True
    for ch in cell:
        v = B32.index(ch)
        for k in range(4, -1, -1):
            bit = (v >> k) & 1
            if even:
                mid = (lon_lo + lon_hi) / 2
                lon_lo, lon_hi = (mid, lon_hi) if bit else (lon_lo, mid)
            else:
                mid = (lat_lo + lat_hi) / 2
                lat_lo, lat_hi = (mid, lat_hi) if bit else (lat_lo, mid)
            even = not even
    return lat_lo, lat_hi, lon_lo, lon_hi


def neighbours(cell):
    """The cell and its eight neighbours (fewer at a pole), longitudes wrapped."""
    lat_lo, lat_hi, lon_lo, lon_hi = decode(cell)
    h, w = lat_hi - lat_lo, lon_hi - lon_lo
    clat, clon = (lat_lo + lat_hi) / 2, (lon_lo + lon_hi) / 2
    out = set()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            lon = (clon + dx * w + 540) % 360 - 180
            lat = max(-89.999999, min(89.999999, clat + dy * h))
            out.add(geohash(lat, lon, len(cell)))
    return out
