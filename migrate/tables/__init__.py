"""Tables of the engine: v1_names.py (generated from the installed TF) and hand.py (kept by hand)."""
