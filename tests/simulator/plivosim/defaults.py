"""Defaults shared by the command line, the harness documentation and the tests."""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8010
# Fixed (not random) so that documentation and examples can show them.
DEFAULT_AUTH_ID = "MASIMULATOR000000001"
DEFAULT_AUTH_TOKEN = "QlrFBNZJGTiQKlZL6BBF0BwSMOxUhH1b3TjqCjPD"
# Documented Plivo limit: 300 API requests per 5 seconds per account.
DEFAULT_RATE_LIMIT = 300
DEFAULT_RATE_WINDOW_SECONDS = 5.0
