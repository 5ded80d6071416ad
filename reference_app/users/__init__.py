"""Users: tables, queries and routes."""
