"""A synthetic, deterministic demo city (中原市) for trying Jiandu out."""
