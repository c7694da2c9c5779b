"""Jiandu (监督): enforcement oversight and service-oriented regulation for market-regulation bureaus."""

__version__ = "0.1.0"
