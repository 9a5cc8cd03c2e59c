"""Station: the software of an assisted teleconsultation station."""

__version__ = "0.1.0"
