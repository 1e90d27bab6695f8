"""Capturing sources: local files now, fetched web pages with WARC archives later."""
