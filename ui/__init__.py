"""Streamlit glue: the only place with st.cache_* and shared widgets. Pages import it.

Importing it (every page does) also sets TCP_NODELAY on the server's connections: see ui/net.py.
"""
from ui import net

net.tcp_nodelay()
