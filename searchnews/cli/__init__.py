"""The click commands, the configuration file and the terminal rendering."""
