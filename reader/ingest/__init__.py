"""Files → articles (being written)."""
