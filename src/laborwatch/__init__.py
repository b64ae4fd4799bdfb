"""laborwatch: sourced, structured records of North Korean workers sent abroad."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
