"""The evaluation set: coordinator questions taken from the source documents (see README.md)."""
