"""Profiles: tables, queries and routes."""
