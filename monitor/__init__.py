"""ofsted-monitor: watches Ofsted and the news for English councils' children's services."""

__version__ = "0.1.0"
__all__ = ["__version__"]
