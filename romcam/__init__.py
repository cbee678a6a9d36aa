"""romcam: hip, pelvis and trunk angles from a side-view camera or video."""

from romcam.errors import RomcamError

__version__ = "0.1.0"
__all__ = ["RomcamError", "__version__"]
