"""The opt-in warm query process and the entry point that hands it queries."""
