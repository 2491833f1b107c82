"""One exception type for problems the user can fix; the CLI turns it into one line and exit 2."""


class UserError(Exception):
    """Bad input from the user (path, query, date, index): reported as one line, never a traceback."""
