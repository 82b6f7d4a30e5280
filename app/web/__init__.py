"""Web plumbing shared by every area: templating, i18n, sessions, CSRF, headers."""
