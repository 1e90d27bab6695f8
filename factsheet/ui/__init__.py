"""The Textual worksheet: a thin layer over the core (`factsheet.sheet`)."""
