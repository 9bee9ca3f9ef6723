"""Hand-labelled evaluation sets (editor keywords, IPTC categories) for NewsArticles."""
