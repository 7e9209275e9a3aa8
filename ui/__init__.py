"""Streamlit glue: the only place with st.cache_* and shared widgets. Pages import it.

The shared widgets, one module per concern so that a page's imports say what it uses: shell
(snapshot check, language switch, illustrative mode), controls (the pick lists), picker (the
unit picker), crossing (across the 2025 break), peer_group, unit_page (the head of the profile
and what-if pages), notes (what a page says about its figures), tables, links, profile, compare
and upload. Under them: data (connection, shared cached queries), imports (the session's
figures), state (URL ↔ widgets), views and memo (derived frames), plot (cached chart specs).

Importing it (every page does) also sets TCP_NODELAY on the server's connections: see ui/net.py.
"""
from ui import net

net.tcp_nodelay()
