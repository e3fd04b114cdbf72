"""The demo data set: readable tables (demo/data/*.toml, loaded by demo.model) and the generator
of demo/events (build_demo)."""
