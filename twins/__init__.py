"""What the legacy/ and modern/ twins share: their hyperparameters, command line,
figures, and the tools that run both sides and compare them."""
