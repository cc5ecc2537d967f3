"""``make eval``: measured quality on the corpora of ../shared/data (which carry truth files)."""
