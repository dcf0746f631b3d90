"""The run store: typed stored events, SQLite, and replaying what was stored."""
