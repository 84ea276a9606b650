// Package templates embeds the HTML templates and static assets so the
// parkpi binary is self-contained and works offline.
package templates

import "embed"

// FS holds layouts/, partials/, pages/ and static/.
//
//go:embed layouts partials pages static
var FS embed.FS
