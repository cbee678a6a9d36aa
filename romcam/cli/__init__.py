"""romcam's command line: `romcam COMMAND`. Commands only parse arguments and call the library."""

from romcam.cli.main import app, main

__all__ = ["app", "main"]
