"""WIE auth service."""
