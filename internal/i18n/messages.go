package i18n

import "fmt"

// pair is a label in both languages.
type pair struct{ vi, en string }

// messages holds every interface label. Keys are stable identifiers used by
// templates ({{t .Lang "overview.title"}}); a test checks both languages
// exist. Each feature keeps its labels in its own file and registers them.
var messages = map[string]pair{}

func init() { register(baseMessages) }

// register adds a feature's labels; a key registered twice is a bug that
// would silently hide one translation, so it panics at start.
func register(m map[string]pair) {
	for k, v := range m {
		if _, dup := messages[k]; dup {
			panic("i18n: message key registered twice: " + k)
		}
		messages[k] = v
	}
}

var baseMessages = map[string]pair{
	"app.name":            {"parkpi", "parkpi"},
	"app.tagline":         {"Theo dõi kết quả cải cách hành chính", "Administrative reform results"},
	"nav.overview":        {"Tổng quan", "Overview"},
	"nav.language":        {"English", "Tiếng Việt"},
	"overview.title":      {"Kết quả cải cách hành chính năm %d — %s", "Administrative reform results, %d — %s"},
	"overview.scope":      {"Phạm vi", "Scope"},
	"overview.asof":       {"Số liệu tổng hợp lúc %s (cập nhật sau mỗi lần lưu, chậm nhất vài giây)", "Totals as of %s (brought up to date after saves within seconds)"},
	"overview.year":       {"Năm", "Year"},
	"overview.quarter":    {"Quý", "Quarter"},
	"overview.wholeyear":  {"Cả năm", "Whole year"},
	"overview.headline":   {"Chỉ tiêu chính", "Headline figures"},
	"overview.vsprev":     {"so với năm %d", "vs %d"},
	"overview.prev":       {"Năm %d", "In %d"},
	"overview.nodata":     {"Chưa có số liệu", "No data yet"},
	"overview.bykind":     {"Theo loại cơ quan", "By kind of agency"},
	"col.indicator":       {"Chỉ tiêu", "Indicator"},
	"col.unit":            {"Đơn vị tính", "Unit"},
	"col.value":           {"Giá trị", "Value"},
	"col.prev":            {"Năm trước", "Previous year"},
	"col.change":          {"Thay đổi", "Change"},
	"kind.province":       {"Cấp tỉnh", "Provincial"},
	"kind.department":     {"Sở, ban, ngành", "Departments"},
	"kind.district":       {"UBND cấp huyện", "District PCs"},
	"kind.commune":        {"UBND cấp xã", "Commune PCs"},
	"kind.vertical":       {"Cơ quan ngành dọc", "Vertical units"},
	"kind.service_centre": {"Trung tâm Phục vụ HCC", "Service centre"},
	"error.title":         {"Có lỗi", "Something went wrong"},
	"error.back":          {"Về trang tổng quan", "Back to the overview"},
}

// T returns the label for key in lang, or the key itself when missing so a
// gap is visible on the page rather than blank.
func T(lang, key string) string {
	p, ok := messages[key]
	if !ok {
		return key
	}
	if Normalize(lang) == "en" {
		return p.en
	}
	return p.vi
}

// Tf formats the label for key in lang with args: labels with %d or %s.
func Tf(lang, key string, args ...any) string {
	return fmt.Sprintf(T(lang, key), args...)
}

// Keys lists every message key (for tests).
func Keys() []string {
	out := make([]string, 0, len(messages))
	for k := range messages {
		out = append(out, k)
	}
	return out
}
