"""Storage: where psoas keeps a person's tests (and, later, sessions) on disk."""
