"""Make the site: Record -> pages, charts, data files. Never imports MkDocs."""
