"""WIE gateway: the only HTTP surface."""
