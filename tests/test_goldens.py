"""The golden suite: every extractor over every capture in captures/, against goldens/.

The harness plugin expands the object below into one test per (extractor, capture), named
`<extractor>[<capture>]`: `pytest -k "text and seed-lachin"` runs one, and
`pytest --snapshot-update -k ...` approves what it produced (as `harness approve` does).
"""

from harness.plugin import golden_tests

test_goldens = golden_tests()
