"""References shipped with the tool: FORMAT.md is spec/FORMAT.md (linked here, copied into the wheel)."""
