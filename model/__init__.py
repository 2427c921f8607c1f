"""cogov."""
