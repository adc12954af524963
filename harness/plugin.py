"""pytest plugin (entry point `pytest11`): hooks and options only; work is in harness.runner."""
