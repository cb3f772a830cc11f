"""Atomic file writes (temporary file in the same directory, then ``os.replace``)."""

from __future__ import annotations

import json
import os
import tempfile


def write_atomically(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_json_atomically(path, document):
    write_atomically(path, json.dumps(document, indent=2, sort_keys=False) + "\n")


def read_json(path):
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)
