"""Every write of the oversight app, one module per part; each takes ``actor``, runs in one
transaction and leaves an audit entry."""
