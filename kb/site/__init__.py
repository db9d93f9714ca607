"""Site-side logic for the MkDocs hooks: plain functions the thin hook modules call."""
