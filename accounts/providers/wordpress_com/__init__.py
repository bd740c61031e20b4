"""WordPress.com login: an allauth OAuth2 provider for WordPress.com's public API."""
