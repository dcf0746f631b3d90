"""The app's screens: the dashboard, and the modal ones laid over it."""
