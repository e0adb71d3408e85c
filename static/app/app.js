// apcommission front-end entry point. Load with:
//   <script type="module" src="{% static 'app/app.js' %}"></script>
// Only browsers that support ES modules run this, matching GOV.UK Frontend's
// `govuk-frontend-supported` body class check.
//
// The import is a plain relative path to the *unhashed* vendored file.
// ManifestStaticFilesStorage only rewrites JS imports when
// support_js_module_import_aggregation = True (off by default, and off in
// WhiteNoise's storage); either way collectstatic keeps the original file
// alongside the hashed copy, so this path resolves in every environment.
import { initAll } from '../vendor/govuk-frontend/govuk-frontend.min.js'

initAll()
