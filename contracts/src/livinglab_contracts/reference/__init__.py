"""Reference data shared by every service: regions, themes, education levels, vocabularies."""
