"""The one exception type users see: its message is a complete one-line explanation."""


class RomcamError(Exception):
    """A problem with the user's input or environment, told in one line (no traceback)."""
