"""`make bench`: throughput, latency and growth, each as a ratio against a raw baseline."""
