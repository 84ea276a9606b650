package i18n

// Labels of the public scoreboard and its switch.
func init() {
	register(map[string]pair{
		"public.title":       {"Kết quả cải cách hành chính %s năm %d", "Administrative reform results, %s, %d"},
		"public.note":        {"Số liệu chính thức: chỉ các báo cáo đã được duyệt (%s/%s cơ quan đã được duyệt báo cáo đủ các quý).", "Official figures: approved reports only (%s of %s agencies approved for every quarter)."},
		"public.headline":    {"Kết quả chính", "Headline results"},
		"public.scores":      {"Điểm chất lượng phục vụ (Quyết định 766/QĐ-TTg)", "Service quality scores (Decision 766/QĐ-TTg)"},
		"public.ranking":     {"Xếp hạng các cơ quan", "Ranking of agencies"},
		"public.comments":    {"Đánh giá", "Assessment"},
		"public.years":       {"Các năm", "Years"},
		"public.print":       {"In trang này", "Print this page"},
		"public.admin.nav":   {"Trang công khai", "Public page"},
		"public.admin.title": {"Trang kết quả công khai", "Public scoreboard"},
		"public.admin.on":    {"Đang mở: ai cũng xem được /public, không cần đăng nhập.", "Open: anyone may read /public, without logging in."},
		"public.admin.off":   {"Đang đóng: /public trả lời 404.", "Closed: /public answers 404."},
		"public.admin.what":  {"Trang công khai chỉ có số liệu đã được duyệt, xếp hạng các cơ quan và các đánh giá được đánh dấu công khai; không có tên người dùng.", "The public page holds approved figures, the ranking of agencies and the assessments marked public only; no user's name."},
		"public.admin.open":  {"Mở trang công khai", "Open the public page"},
		"public.admin.close": {"Đóng trang công khai", "Close the public page"},
		"public.admin.saved": {"Đã lưu.", "Saved."},
	})
}
