"""A stand-alone simulator of the Plivo Powerpack and number pool REST API (standard library only)."""
