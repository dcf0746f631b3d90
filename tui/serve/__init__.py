"""Serving the dashboard to a browser safely: where to listen, and who may start a dashboard.

textual-serve does the work (one dashboard process a browser tab, over a websocket); this
package decides what it may listen on (`address`) and puts a lock on its door (`guard`).
"""
