"""The message catalog, one module per area: each maps a key to its (Chinese, English) sentence."""
