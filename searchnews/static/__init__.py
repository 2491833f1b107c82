"""Static embeddings distilled from MiniLM (issue 14)."""
