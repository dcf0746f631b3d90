"""What people read: formatting, snapshots, mention text, result files and reports."""
