"""Tests that act as the attacker: planted data, paths outside the project, destructive writes."""
