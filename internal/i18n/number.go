// Package i18n holds the interface languages: translated labels and number
// formatting per language (Vietnamese 1.344 and 99,8%; English 1,344 and
// 99.8%), through golang.org/x/text rather than by hand.
package i18n

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Languages parkpi speaks; the first is the default.
var Languages = []string{"vi", "en"}

// Normalize returns a supported language code, Vietnamese by default.
func Normalize(lang string) string {
	if lang == "en" {
		return "en"
	}
	return "vi"
}

var printers = map[string]*message.Printer{
	"vi": message.NewPrinter(language.Vietnamese),
	"en": message.NewPrinter(language.English),
}

func printer(lang string) *message.Printer { return printers[Normalize(lang)] }

// Number formats v with at most decimals fraction digits: 1.344, 96,57.
func Number(lang string, v float64, decimals int) string {
	return printer(lang).Sprint(number.Decimal(v, number.MaxFractionDigits(decimals)))
}

// Percent formats a value already in percent (99.8) as 99,8%.
func Percent(lang string, v float64, decimals int) string {
	return Number(lang, v, decimals) + "%"
}

// Signed formats a change with its sign: +2.381, −12, 0. The minus is the
// typographic one (U+2212), as printed reports write it; a change that
// rounds to nothing has no sign.
func Signed(lang string, v float64, decimals int) string {
	s := Number(lang, v, decimals)
	switch {
	case strings.Trim(s, "-0.,") == "":
		return strings.TrimPrefix(s, "-")
	case v > 0:
		return "+" + s
	case strings.HasPrefix(s, "-"):
		return "−" + s[1:]
	}
	return s
}
