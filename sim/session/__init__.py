"""Sessions: a run as people see and steer it (live, drill, replay), with no Textual in sight."""
