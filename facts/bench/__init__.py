"""Scale benchmark: build, memory, latency and accuracy at growing corpus sizes (issue #5)."""
