"""Forms for providers: one module per part."""
