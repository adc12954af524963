"""End-to-end tests of the pytest plugin: pytest run over a tiny project (pytester)."""
