"""Test helpers: the one CLI runner (`cli`), golden files, a real sqld, Mermaid's own parser."""
