"""Crashes the process that imports it (SIGSEGV), as a broken C extension does."""

import ctypes
import os

with open(os.environ["UNTRUSTED_IMPORTS"], "a") as log:  # each import attempt leaves a line
    log.write(f"{__name__}\n")
ctypes.string_at(0)
