package i18n

// Labels of the commentary beside the figures.
func init() {
	register(map[string]pair{
		"comment.kind.explanation":  {"Giải trình của cán bộ", "Officer's explanation"},
		"comment.kind.assessment":   {"Đánh giá của lãnh đạo", "Leader's assessment"},
		"comment.link":              {"Giải trình, đánh giá", "Explanation, assessment"},
		"comment.title":             {"Giải trình và đánh giá: %s", "Explanation and assessment: %s"},
		"comment.subject.group":     {"Nhóm chỉ tiêu", "Indicator group"},
		"comment.subject.indicator": {"Chỉ tiêu", "Indicator"},
		"comment.period":            {"Kỳ", "Period"},
		"comment.by":                {"%s, lúc %s", "%s, at %s"},
		"comment.none":              {"Chưa có.", "None yet."},
		"comment.text":              {"Nội dung", "Text"},
		"comment.public":            {"Công khai trên trang kết quả công khai", "Show on the public scoreboard"},
		"comment.ispublic":          {"Công khai", "Public"},
		"comment.save":              {"Lưu", "Save"},
		"comment.delete":            {"Xóa nhận xét này", "Delete this comment"},
		"comment.saved":             {"Đã lưu.", "Saved."},
		"comment.deleted":           {"Đã xóa (nội dung cũ còn trong nhật ký thay đổi).", "Deleted (the old text stays in the audit trail)."},
		"comment.readonly":          {"Bạn chỉ được xem phần này.", "You may only read this."},
		"comment.back":              {"Về trang cơ quan", "Back to the agency page"},
		"comment.theirs":            {"Nội dung hiện đang lưu (của người khác):", "The text now stored (someone else's):"},
		"comment.limit":             {"Tối đa %d ký tự.", "At most %d characters."},
	})
}
