"""Read and check: facts/ -> Record + diagnostics. Never imports the site half or MkDocs."""
