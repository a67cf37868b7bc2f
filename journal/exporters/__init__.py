"""Taking the journal out: each exporter turns store rows into a file's text."""
