"""The headless ``workstation`` command: scriptable sync, checks and evidence, one JSON object out."""
