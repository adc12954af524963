"""A test extractor whose "upgrade" drifts in known ways: with `upgraded = true` in its
options it adds a site's name to the titles of captures a and b, and drops the last
paragraph of capture c. Copied into the projects of tests/e2e/test_upgrade.py."""

from harness import Extractor, Record


def extractor(name, options):
    upgraded = bool(options.get("upgraded"))

    def extract(capture):
        title, _, rest = capture.text().partition("\n\n")
        body = [p for p in rest.split("\n\n") if p.strip()]
        if upgraded and capture.id in ("a", "b"):
            title += " | Example Site"
        if upgraded and capture.id == "c":
            body = body[:-1]
        return Record(title=title, body=tuple(body))

    return Extractor(
        name, "2.0" if upgraded else "1.0", frozenset({"text"}), ("title", "body"), extract
    )
