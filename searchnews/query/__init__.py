"""Features built on the engine interface (timeline, entity lists)."""
