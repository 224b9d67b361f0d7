"""CLI command groups; each module exports COMMANDS, a list of click commands."""
