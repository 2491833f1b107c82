"""Find corpus files under their roots and decode them into raw documents."""
