"""surgedesk's library: everything a test or a notebook needs, with no Textual import."""
