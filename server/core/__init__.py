"""Settings and database plumbing shared by the whole hub."""
