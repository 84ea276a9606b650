package i18n

// Labels of the quarter's page around its figures: the way back, the live
// check, the list of what to fix, prefilled fields, the question before
// submitting, and the leader's review of what changed since the last
// approval. Also the words for parkpi's own actors in the trails.
func init() {
	register(map[string]pair{
		"entry.back.cockpit":  {"Về danh sách tiến độ báo cáo", "Back to the report status list"},
		"entry.back.overview": {"Về trang tổng quan", "Back to the overview"},
		"entry.back.agency":   {"Về trang cơ quan", "Back to the agency page"},
		"entry.back.page":     {"Quay lại trang trước", "Back to the previous page"},
		"entry.live.errors":   {"Còn %d lỗi cần sửa trước khi lưu.", "%d errors to fix before saving."},
		"entry.live.warnings": {"Không có lỗi; %d cảnh báo cần giải trình khi gửi.", "No errors; %d warnings to explain when submitting."},
		"entry.live.ok":       {"Không có lỗi.", "No errors."},
		"entry.problems":      {"Cần sửa trước khi lưu:", "To fix before saving:"},
		"entry.prefilled":     {"Điền sẵn bằng “%s” cuối quý trước; sửa nếu khác.", "Filled in from “%s” at the end of the previous quarter; change it if it differs."},
		"entry.confirm":       {"Gửi số liệu quý %d/%d của %s để lãnh đạo duyệt? Sau khi gửi, đơn vị không sửa được nữa cho đến khi báo cáo được trả lại.", "Submit the figures of Q%d %d of %s for approval? Once submitted, they cannot be changed unless the report is returned."},
		"entry.confirm.title": {"Gửi báo cáo?", "Submit the report?"},
		"entry.confirm.yes":   {"Gửi duyệt", "Submit"},
		"entry.confirm.no":    {"Chưa gửi, quay lại form", "Not yet, back to the form"},
		"review.approved":     {"Lần duyệt gần nhất: %s, người duyệt %s.", "Last approved %s by %s."},
		"review.never":        {"Báo cáo này chưa được duyệt lần nào: mọi số liệu đều là mới.", "This report has never been approved: every figure is new."},
		"review.changes":      {"Thay đổi so với lần duyệt gần nhất", "Changes since the last approval"},
		"review.nochange":     {"Không có số liệu nào thay đổi kể từ lần duyệt gần nhất.", "No figure has changed since the last approval."},
		"review.field":        {"Chỉ tiêu", "Indicator"},
		"review.old":          {"Khi duyệt", "When approved"},
		"review.new":          {"Hiện nay", "Now"},
		"actor.load":          {"Hệ thống (nạp dữ liệu ban đầu)", "System (initial load)"},
		"actor.cli":           {"Quản trị (dòng lệnh)", "Administrator (command line)"},
	})
}
