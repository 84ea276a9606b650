package web

import (
	"net/url"
	"strings"
)

// localPath keeps a redirect target on this site: only a local path is
// followed, anything else goes to "/". Browsers drop tabs and newlines
// from a URL and read a backslash as a slash, so "/\t/evil.example" or
// "/\\evil.example" lands on another host although it begins with one "/":
// the target is judged as the browser will read it — with whitespace and
// control characters removed — and must then parse with no scheme, no host
// and no user, begin with "/" and not with "//" or "/\".
func localPath(p string) string {
	clean := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, p)
	if len(clean) == 0 || clean[0] != '/' || (len(clean) > 1 && (clean[1] == '/' || clean[1] == '\\')) {
		return "/"
	}
	u, err := url.Parse(clean)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || strings.Contains(clean, "\\") {
		return "/"
	}
	return clean
}
