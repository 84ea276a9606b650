package kpi

import (
	"fmt"
	"strings"
	"time"
)

// Letterhead is the header block of an official document (Decree
// 30/2020/NĐ-CP, Appendix I) as its lines read: the parent body and the
// issuing agency top left with the document's number, the place and date
// top right under the national motto. Every report of parkpi, Excel or
// Word, is headed by it.
type Letterhead struct {
	Parent string // the body above the issuer, "" for a body with none
	Issuer string
	Number string // "Số: …/BC-UBND"
	Place  string // "Ninh Bình"
	Date   time.Time
}

// National motto lines, top right.
const (
	MottoCountry = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	MottoLine    = "Độc lập - Tự do - Hạnh phúc"
)

// NewLetterhead heads a document issued by agency a, whose parent is
// parent (zero when it has none), in the province root, dated date.
func NewLetterhead(a, parent, root Agency, date time.Time) Letterhead {
	l := Letterhead{Issuer: IssuerName(a), Number: reportNumber(a), Place: placeName(root), Date: date}
	if parent.Code != "" {
		l.Parent = IssuerName(parent)
	}
	return l
}

// DateLine is "Ninh Bình, ngày 05 tháng 01 năm 2022".
func (l Letterhead) DateLine() string {
	return fmt.Sprintf("%s, ngày %02d tháng %02d năm %d", l.Place, l.Date.Day(), int(l.Date.Month()), l.Date.Year())
}

// IssuerName names an agency as it signs: a province node signs as its
// People's Committee.
func IssuerName(a Agency) string {
	if a.Kind == KindProvince {
		return "Ủy ban nhân dân " + lowerFirst(a.Name)
	}
	return a.Name
}

// reportNumber is the "Số: …/BC-…" line with the issuer's initials.
func reportNumber(a Agency) string {
	switch a.Kind {
	case KindProvince, KindDistrict, KindCommune:
		return "Số: …/BC-UBND"
	}
	initials := ""
	for _, w := range strings.Fields(a.Name) {
		initials += strings.ToUpper(string([]rune(w)[:1]))
	}
	return "Số: …/BC-" + initials
}

// placeName is the province's name without its prefix: "Ninh Bình".
func placeName(root Agency) string {
	for _, p := range []string{"Tỉnh ", "Thành phố ", "tỉnh ", "thành phố "} {
		if len(root.Name) > len(p) && root.Name[:len(p)] == p {
			return root.Name[len(p):]
		}
	}
	return root.Name
}

// lowerFirst lowers the first letter: "Tỉnh Ninh Bình" -> "tỉnh Ninh Bình".
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToLower(string(r[:1])) + string(r[1:])
}

// Roman numbers the groups and levels of official forms: I, II, III …
func Roman(n int) string {
	romans := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}
	if n >= 1 && n <= len(romans) {
		return romans[n-1]
	}
	return fmt.Sprint(n)
}

// LevelNote says on a report which reports its figures count.
func LevelNote(l Level) string {
	switch l.OrAll() {
	case LevelAll:
		return "Số liệu: tất cả báo cáo, kể cả bản nháp chưa gửi"
	case LevelSubmitted:
		return "Số liệu: các báo cáo đã gửi và đã duyệt"
	}
	return "Số liệu: các báo cáo đã được duyệt"
}
