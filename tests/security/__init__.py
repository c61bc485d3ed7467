"""Tests that act as the attacker: each holds one promise of docs/security.md."""
