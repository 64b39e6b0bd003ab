"""The ingest stage: read a document (text, HTML, Word, PDF) and parse its structure."""

from innokg.ingest.reader import read_document
from innokg.ingest.structure import parse_document, parse_text

__all__ = ["read_document", "parse_document", "parse_text"]
