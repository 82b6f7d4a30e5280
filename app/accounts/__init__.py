"""Accounts: users, server-side sessions, API tokens, sign-in."""
