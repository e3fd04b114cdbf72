"""Plumbing shared by the three services: API keys, topic followers, HTTP errors, logging."""
