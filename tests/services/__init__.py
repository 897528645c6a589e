"""Real services the tests start on loopback."""
