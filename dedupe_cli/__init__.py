"""dedupe-cli: find near-duplicate paragraphs and reconcile claims across news articles."""

__version__ = "0.1.0"

__all__ = ["__version__"]
