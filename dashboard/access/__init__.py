"""Access and privacy: who may see whose figures, pseudonyms, minimum group size, audit log.

The core modules (config, scope, pseudonym, suppress, audit, admin) do not import Streamlit;
`login` is the one bridge to the UI.
"""
