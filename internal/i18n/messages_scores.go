package i18n

// Labels of the Decision 766 scorecard.
func init() {
	register(map[string]pair{
		"scores.nav":      {"Điểm 766", "766 scores"},
		"scores.title":    {"Điểm chất lượng phục vụ (Quyết định 766/QĐ-TTg) — %s", "Service quality scores (Decision 766/QĐ-TTg) — %s"},
		"scores.hint":     {"Điểm của mỗi nhóm = tỷ lệ × số điểm của nhóm, tính từ số liệu các cơ quan đã nhập (tổng các cơ quan trong phạm vi), tối đa 100 điểm.", "Each group's score = its ratio × its points, computed from the counts agencies entered (summed over the scope), 100 points at most."},
		"scores.group":    {"Nhóm chỉ số", "Group"},
		"scores.points":   {"Điểm tối đa", "Points"},
		"scores.ratio":    {"Tỷ lệ", "Ratio"},
		"scores.score":    {"Điểm đạt", "Score"},
		"scores.total":    {"Tổng điểm", "Total"},
		"scores.bykind":   {"Theo loại cơ quan", "By kind of agency"},
		"scores.trend":    {"Diễn biến theo quý", "By quarter"},
		"scores.ranking":  {"Xếp hạng cơ quan theo điểm", "Agencies ranked by score"},
		"scores.ranked":   {"%s cơ quan có số liệu; trang hiện %s cơ quan đầu.", "%s agencies with counts; the page shows the first %s."},
		"scores.allkinds": {"Tất cả", "All"},
		"scores.missing":  {"Chưa có số liệu (tính 0 điểm): %s.", "No counts yet (scored 0): %s."},
		"scores.outof":    {"/ %s điểm", "of %s points"},
	})
}
