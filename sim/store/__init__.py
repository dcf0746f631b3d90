"""The run store: typed stored events, SQLite, and replaying what was stored.

`events` (what an event is, who caused it, which actions are the team's), `schema` (the
tables and their migrations), `stored` (one run as stored), `runs` (the SQLite store),
`recorded` (`load_run`: a run parsed once, ready to play), `player` (the one replay
player), `compare` (did a replay reproduce its recording).
"""
