"""The embedded Whoosh engine: every Whoosh import and every patch of Whoosh lives here."""
