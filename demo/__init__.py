"""The demo data set: readable tables (seed_data) and the generator of demo/events (build_demo)."""
