"""Streamlit glue: the only place with st.cache_* and shared widgets. Pages import it."""
