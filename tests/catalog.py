"""Catalog entries for tests of functions that read the catalog but need no index."""

from kehoach.ingest.records import CatalogEntry


def entry(doc_id: str = "x", **fields: object) -> CatalogEntry:
    return CatalogEntry(doc_id=doc_id, source=f"{doc_id}.txt", sha256="", chunks=0, targets=0, **fields)
