"""Ends the process that imports it, with exit status 0: a silent green, were it the parent."""

import os
import sys

with open(os.environ["UNTRUSTED_IMPORTS"], "a") as log:  # each import attempt leaves a line
    log.write(f"{__name__}\n")
sys.stdout.flush()
os._exit(0)
