// Package i18n holds the interface languages: translated labels and number
// formatting per language (Vietnamese 1.344 and 99,8%; English 1,344 and
// 99.8%), through golang.org/x/text rather than by hand.
package i18n

import (
	"math"
	"strings"
	"sync"

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
	lang = Normalize(lang)
	k := numberKey{lang: lang, bits: math.Float64bits(v), decimals: decimals}
	if s, ok := formatted.get(k); ok {
		return s
	}
	s := printer(lang).Sprint(number.Decimal(v, number.MaxFractionDigits(decimals)))
	formatted.put(k, s)
	return s
}

// formatted keeps numbers already formatted: a dashboard formats the same
// few hundred figures again each time a save makes it stale, and x/text's
// printer builds a formatter for every number (about 1.4 µs and a dozen
// allocations; a lookup here is a twentieth of that).
var formatted = numberMemo{m: map[numberKey]string{}}

type numberKey struct {
	lang     string
	bits     uint64 // the value's bits: -0 and 0 are two numbers
	decimals int
}

type numberMemo struct {
	mu sync.Mutex
	m  map[numberKey]string
}

// numberMemoMax bounds the memo: full, it starts again empty.
const numberMemoMax = 1 << 14

func (m *numberMemo) get(k numberKey) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.m[k]
	return s, ok
}

func (m *numberMemo) put(k numberKey, s string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.m) >= numberMemoMax {
		clear(m.m)
	}
	m.m[k] = s
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
