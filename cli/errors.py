"""Errors the command line reports as a one-line message and exit code 2."""


class StorywallError(Exception):
    """A problem the person running a command can fix; the message says how."""


class MissingExtra(StorywallError):
    """The command needs an optional dependency group that is not installed."""
