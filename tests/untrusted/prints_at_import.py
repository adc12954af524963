"""Prints on stdout and stderr while it is imported, then behaves."""

import sys

from untrusted_extractors import good

print("import chatter on stdout")
print("import chatter on stderr", file=sys.stderr)

extractor = good
