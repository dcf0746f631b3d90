"""The dashboard's widgets: each one is handed plain snapshot data and only draws it."""
