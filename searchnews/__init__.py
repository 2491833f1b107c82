"""searchnews: full-text search over noisy policy-news articles."""

__version__ = "0.1.0"
