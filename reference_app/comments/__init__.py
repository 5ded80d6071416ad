"""Comments: tables, queries and routes."""
