"""Articles: tables, queries and routes."""
