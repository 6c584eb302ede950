"""resources: filled in by later work."""
