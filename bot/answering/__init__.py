"""Answering pipeline: understand → look up → retrieve → match → decide → compose."""
