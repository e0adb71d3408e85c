"""Reading a PDF back: its text (pdftotext, in the order it was drawn: a table cell at a time) and its
page count (pdfinfo), from Debian's poppler-utils, which `make test` installs. Missing tools fail the
test loudly."""

import re
import subprocess
from pathlib import Path


def text_of(pdf: bytes | Path) -> str:
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    done = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def pages_of(pdf: bytes) -> int:
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", done.stdout.decode(), re.M).group(1))


def words(text: str) -> str:
    """The text with its layout's runs of spaces and line breaks made single spaces."""
    return re.sub(r"\s+", " ", text)
