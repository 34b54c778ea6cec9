"""Bot state behind one repository interface (repo.Store) on SQLite or PostgreSQL."""
