"""Wheels made in a test, offline: `tinyext` 1.0 and 2.0, a third-party extractor whose
2.0 upper-cases every title (its known behaviour change); the body is unchanged."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

MODULE = """
import re
from importlib.metadata import version
from harness import Extractor, Record

UPPER = {upper}

def extractor(name, options):
    def extract(capture):
        html = capture.text()
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        text = title.group(1) if title else None
        return Record(
            title=text.upper() if text and UPPER else text,
            body=tuple(re.findall(r"<p>(.*?)</p>", html, re.S)),
        )
    return Extractor(name, version("tinyext"), frozenset({{"html"}}), ("title", "body"), extract)
"""


def tinyext(folder: Path, version: str) -> Path:
    """The wheel of tinyext `version` (1.x keeps titles, 2.x upper-cases them) in `folder`."""
    info = f"tinyext-{version}.dist-info"
    files = {
        "tinyext.py": MODULE.format(upper=not version.startswith("1.")),
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: tinyext\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
        f"{info}/entry_points.txt": "[harness.extractors]\ntinyext = tinyext:extractor\n",
    }
    record = [f"{name},sha256={_digest(text)},{len(text.encode())}" for name, text in files.items()]
    files[f"{info}/RECORD"] = "\n".join([*record, f"{info}/RECORD,,"]) + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"tinyext-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return wheel


def _digest(text: str) -> str:
    raw = hashlib.sha256(text.encode()).digest()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
