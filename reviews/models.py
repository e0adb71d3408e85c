# Models arrive with the issues for this stage of the journey; see this package's docstring.
