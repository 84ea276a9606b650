package i18n

// Labels of the admin pages that restructure the agency tree (issue 3).
func init() {
	register(map[string]pair{
		"agencies.nav":        {"Cơ quan", "Agencies"},
		"agencies.title":      {"Cơ quan, đơn vị", "Agencies"},
		"agencies.intro":      {"Cây cơ quan không cố định số cấp: khi bỏ cấp huyện, chuyển các xã lên thẳng tỉnh; số liệu tổng hợp được tính lại ngay.", "The agency tree has no fixed depth: with the district tier gone, move the communes straight under the province; the totals are recomputed at once."},
		"agencies.count":      {"%s cơ quan", "%s agencies"},
		"agencies.new":        {"Thêm cơ quan", "Add an agency"},
		"agencies.edit":       {"Sửa cơ quan %s", "Edit agency %s"},
		"agencies.code":       {"Mã cơ quan", "Agency code"},
		"agencies.codehint":   {"Chữ cái không dấu, số và . _ -; không đổi được sau khi tạo.", "Letters without diacritics, digits and . _ -; it cannot change later."},
		"agencies.name":       {"Tên cơ quan", "Name"},
		"agencies.kind":       {"Loại cơ quan", "Kind"},
		"agencies.parent":     {"Mã cơ quan cấp trên", "Code of the parent agency"},
		"agencies.parenthint": {"Để trống để tạo một cơ quan cấp cao nhất.", "Leave empty for a new top-level agency."},
		"agencies.choose":     {"— Chọn —", "— Choose —"},
		"agencies.create":     {"Tạo cơ quan", "Create agency"},
		"agencies.save":       {"Lưu", "Save"},
		"agencies.move":       {"Chuyển sang cơ quan cấp trên khác", "Move under another parent"},
		"agencies.moveto":     {"Mã cơ quan cấp trên mới", "Code of the new parent"},
		"agencies.movehint":   {"Các cơ quan trực thuộc chuyển theo; số liệu tổng hợp được tính lại.", "The agencies below move with it; the totals are recomputed."},
		"agencies.movebutton": {"Chuyển", "Move"},
		"agencies.under":      {"Thuộc", "Under"},
		"agencies.toplevel":   {"(cấp cao nhất)", "(top level)"},
		"agencies.children":   {"Cơ quan trực thuộc", "Agencies below"},
		"agencies.nochildren": {"Không có cơ quan trực thuộc.", "No agencies below."},
		"agencies.saved":      {"Đã lưu.", "Saved."},
		"agencies.moved":      {"Đã chuyển; số liệu tổng hợp đã được tính lại.", "Moved; the totals have been recomputed."},
		"agencies.fixfields":  {"Vui lòng sửa các ô được đánh dấu.", "Please correct the marked fields."},
		"agencies.back":       {"Về danh sách cơ quan", "Back to the agencies"},
		"agencies.figures":    {"Xem số liệu", "See the figures"},
		// One agency's kind (the kind.* labels name groups of agencies).
		"agencies.kind.province":       {"Cấp tỉnh", "Province"},
		"agencies.kind.department":     {"Sở, ban, ngành", "Department"},
		"agencies.kind.district":       {"UBND cấp huyện", "District PC"},
		"agencies.kind.commune":        {"UBND cấp xã", "Commune PC"},
		"agencies.kind.vertical":       {"Cơ quan ngành dọc", "Vertical unit"},
		"agencies.kind.service_centre": {"Trung tâm Phục vụ HCC", "Service centre"},
	})
}
