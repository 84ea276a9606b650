package web

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// Reading the catalogue forms' fields: every value typed is checked here
// or by the catalogue's own checks, and a refusal names its field.

// checkLengths bounds every text the form carries.
func checkLengths(specs []fieldSpec, vals url.Values, lang string, errs map[string]string) {
	for _, sp := range specs {
		if sp.maxLen > 0 && utf8.RuneCountInString(vals.Get(sp.name)) > sp.maxLen {
			errs[sp.name] = i18n.Tf(lang, "catalogue.toolong", sp.maxLen)
		}
	}
}

// formNumber reads a number typed in the user's language; empty is 0.
func formNumber(vals url.Values, name, lang string, errs map[string]string) float64 {
	v, err := kpi.ParseNumber(lang, vals.Get(name))
	switch {
	case errors.Is(err, kpi.ErrNoValue):
		return 0
	case err != nil:
		errs[name] = kpi.ErrorMessage(err, lang)
	}
	return v
}

// formInt reads a whole number; empty is 0.
func formInt(vals url.Values, name, lang string, errs map[string]string) int {
	raw := strings.TrimSpace(vals.Get(name))
	if raw == "" {
		return 0
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		errs[name] = i18n.T(lang, "catalogue.notint")
	}
	return n
}

// formYear reads a year; empty is 0 (in use).
func formYear(vals url.Values, name, lang string, errs map[string]string) int {
	n := formInt(vals, name, lang, errs)
	if errs[name] != "" || (n != 0 && (n < kpi.MinYear || n > kpi.MaxYear)) {
		errs[name] = i18n.T(lang, "catalogue.notyear")
	}
	return n
}

// formChoice reads a select's value, which must be one of allowed.
func formChoice(vals url.Values, name, lang string, allowed []string, errs map[string]string) string {
	v := vals.Get(name)
	if !contains(allowed, v) {
		errs[name] = i18n.T(lang, "catalogue.notchoice")
	}
	return v
}

// formChecks reads the values of a list of checkboxes, each one of allowed.
func formChecks(vals url.Values, name, lang string, allowed []string, errs map[string]string) []string {
	var out []string
	for _, v := range vals[name] {
		if !contains(allowed, v) {
			errs[name] = i18n.T(lang, "catalogue.notchoice")
			continue
		}
		out = append(out, v)
	}
	return out
}

func formText(vals url.Values, name string) string { return strings.TrimSpace(vals.Get(name)) }

func boolValue(b bool) string {
	if b {
		return "1"
	}
	return ""
}
