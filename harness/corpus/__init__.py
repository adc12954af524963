"""The corpus: captures on disk, in WARC files and fetched over HTTP, their ids and truths."""
