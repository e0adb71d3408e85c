"""Changes to providers: one module per part, each function one transaction."""
