"""Exceptions that turn into HTTP error answers."""


class ApiError(Exception):
    """An API failure answered as ``{"api_id": ..., "error": message}`` with ``status``."""

    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = list(headers or [])


class SeedError(ValueError):
    """A seed or state document that cannot be loaded."""
