package kpi

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Commentary kinds: who writes what beside a figure.
const (
	// CommentExplanation is an officer's explanation of a figure: why it
	// moved, what is behind it.
	CommentExplanation = "explanation"
	// CommentAssessment is a leader's assessment: what was achieved and
	// what remains to do. Leaders of a scope write the scope's.
	CommentAssessment = "assessment"
)

// CommentKinds lists the kinds in the order pages show them.
var CommentKinds = []string{CommentExplanation, CommentAssessment}

// MaxCommentRunes bounds a comment: a report's paragraph, not a document.
const MaxCommentRunes = 4000

// Comment is one piece of commentary: on an indicator or on an indicator
// group of an agency for a period (quarter 0: the whole year).
type Comment struct {
	Agency     string    `json:"agency"`
	Period     Period    `json:"period"`
	Indicator  string    `json:"indicator,omitempty"` // the indicator, or "" for a group's comment
	Group      string    `json:"group,omitempty"`     // the group, when Indicator is ""
	Kind       string    `json:"kind"`
	Text       string    `json:"text"`
	Public     bool      `json:"public"` // may be shown on the public scoreboard
	Author     string    `json:"author"` // the username of the last writer
	AuthorName string    `json:"author_name"`
	At         time.Time `json:"at"`
	Version    int       `json:"version"`
}

// Subject names what the comment is about: "indicator:CODE" or
// "group:tthc", the key pages match comments to figures by.
func (c Comment) Subject() string {
	if c.Indicator != "" {
		return SubjectIndicator(c.Indicator)
	}
	return SubjectGroup(c.Group)
}

// SubjectIndicator is the subject key of an indicator's comments.
func SubjectIndicator(code string) string { return "indicator:" + code }

// SubjectGroup is the subject key of a group's comments.
func SubjectGroup(code string) string { return "group:" + code }

// ValidCommentKind reports whether kind is a commentary kind.
func ValidCommentKind(kind string) bool {
	return kind == CommentExplanation || kind == CommentAssessment
}

// ValidateComment checks a comment before anything is stored: a known
// kind, exactly one subject that the catalogue knows, a year (a quarter or
// the whole year), and a text that is not empty, not too long, and holds
// no control characters but line breaks and tabs.
func ValidateComment(cat *Catalogue, c Comment) error {
	if !ValidCommentKind(c.Kind) {
		return Errorf(EINVALID, "Loại nhận xét %q không hợp lệ (explanation hoặc assessment).",
			"Commentary kind %q is not valid (explanation or assessment).", c.Kind)
	}
	if err := checkCommentSubject(cat, c); err != nil {
		return err
	}
	if c.Period.Year < MinYear || c.Period.Year > MaxYear || c.Period.Quarter < 0 || c.Period.Quarter > 4 {
		return Errorf(EINVALID, "Kỳ %d/%d không hợp lệ (năm %d–%d, quý 0 là cả năm hoặc từ 1 đến 4).",
			"Period %d/%d is not valid (years %d–%d, quarter 0 for the year or 1 to 4).", c.Period.Quarter, c.Period.Year, MinYear, MaxYear)
	}
	return CheckCommentText(c.Text)
}

func checkCommentSubject(cat *Catalogue, c Comment) error {
	switch {
	case c.Indicator != "" && c.Group != "":
		return Errorf(EINVALID, "Nhận xét về một chỉ tiêu hoặc một nhóm chỉ tiêu, không phải cả hai.",
			"A comment is about an indicator or an indicator group, not both.")
	case c.Indicator != "":
		if _, ok := cat.Get(c.Indicator); !ok {
			return Errorf(EINVALID, "Không có chỉ tiêu mã %s.", "There is no indicator with code %s.", c.Indicator)
		}
	case c.Group != "":
		for _, g := range cat.Groups() {
			if g == c.Group {
				return nil
			}
		}
		return Errorf(EINVALID, "Không có nhóm chỉ tiêu mã %s.", "There is no indicator group with code %s.", c.Group)
	default:
		return Errorf(EINVALID, "Hãy chọn chỉ tiêu hoặc nhóm chỉ tiêu được nhận xét.",
			"Say which indicator or indicator group the comment is about.")
	}
	return nil
}

// CheckCommentText checks a comment's text alone.
func CheckCommentText(text string) error {
	if !utf8.ValidString(text) {
		return Errorf(EINVALID, "Nội dung nhận xét không phải văn bản UTF-8.", "The comment is not UTF-8 text.")
	}
	if strings.TrimSpace(text) == "" {
		return Errorf(EINVALID, "Nội dung nhận xét đang trống (để xóa nhận xét, dùng nút Xóa).",
			"The comment is empty (to remove a comment, use Delete).")
	}
	if n := utf8.RuneCountInString(text); n > MaxCommentRunes {
		return Errorf(EINVALID, "Nhận xét dài %d ký tự, tối đa %d.", "The comment is %d characters long, at most %d.", n, MaxCommentRunes)
	}
	for _, r := range text {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return Errorf(EINVALID, "Nhận xét chứa ký tự điều khiển không hợp lệ (U+%04X).",
				"The comment holds a control character (U+%04X).", r)
		}
	}
	return nil
}
