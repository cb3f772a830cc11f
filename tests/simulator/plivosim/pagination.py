"""``limit``/``offset`` paging and the ``meta`` block of list responses."""

from __future__ import annotations

from urllib.parse import urlencode

from .errors import ApiError

MAX_LIMIT = 20
DEFAULT_LIMIT = 20


def parse_paging(query):
    """Return ``(limit, offset)`` from the query; 400 when out of range or not an integer."""
    limit = _parse_int(query.get("limit"), "limit", DEFAULT_LIMIT)
    if limit < 1 or limit > MAX_LIMIT:
        raise ApiError(400, f"limit must be between 1 and {MAX_LIMIT:d}, not {limit:d}")
    offset = _parse_int(query.get("offset"), "offset", 0)
    if offset < 0:
        raise ApiError(400, f"offset must be 0 or more, not {offset:d}")
    return limit, offset


def _parse_int(raw, field, default):
    if raw is None:
        return default
    text = raw.strip()
    digits = text[1:] if text[:1] in ("-", "+") else text
    if not digits or not all("0" <= char <= "9" for char in digits):
        raise ApiError(400, f"{field} must be an integer, not {raw!r}")
    return int(text)


def page(items, request, path, render, filters=()):
    """Slice ``items`` for the request, ``render`` the slice and build ``{"meta": ..., "objects": ...}``.

    ``path`` is the canonical list path (one trailing slash); ``filters`` are the filter parameters
    of the request as ``(name, value)`` pairs, repeated in ``next``/``previous`` like the API does.
    The settings' ``meta_links`` (``--meta-links``) is how a ``next``/``previous`` without such a page reads:
    ``null``, ``empty`` (``""``) or ``absent`` (the key is left out).
    """
    missing_link = request.settings.meta_links
    limit, offset = parse_paging(request.query)
    total = len(items)
    selected = items[offset : offset + limit]
    next_link = _link(path, limit, offset + limit, filters) if offset + limit < total else None
    previous_link = _link(path, limit, max(0, offset - limit), filters) if offset > 0 else None
    meta = {"limit": limit, "next": next_link, "offset": offset, "previous": previous_link, "total_count": total}
    for name in ("next", "previous"):
        if meta[name] is None and missing_link == "empty":
            meta[name] = ""
        elif meta[name] is None and missing_link == "absent":
            del meta[name]
    return {"meta": meta, "objects": [render(item) for item in selected]}


def _link(path, limit, offset, filters):
    return "{}?{}".format(path, urlencode([("limit", limit), ("offset", offset), *list(filters)]))
