package i18n

// Labels of the account page (API tokens, reminder settings), the notice
// list and the error code shown with every error.
func init() {
	register(map[string]pair{
		"account.title":        {"Tài khoản của tôi", "My account"},
		"account.contact":      {"Nhắc việc qua email", "Email reminders"},
		"account.email":        {"Địa chỉ email", "Email address"},
		"account.optout":       {"Không nhận email nhắc việc", "Send me no reminder emails"},
		"account.optouthint":   {"Thông báo vẫn hiện trong mục Thông báo.", "Notices still show under Notices."},
		"account.savecontact":  {"Lưu", "Save"},
		"account.done.revoked": {"Đã thu hồi khóa API.", "The API token was revoked."},
		"account.done.contact": {"Đã lưu cài đặt nhắc việc.", "Reminder settings saved."},
		"token.title":          {"Khóa API", "API tokens"},
		"token.hint":           {"Khóa API cho phép hệ thống khác (một cửa điện tử, cổng dịch vụ công) đọc và gửi số liệu qua /api/v1 với quyền của bạn, gửi kèm tiêu đề “Authorization: Bearer …”.", "An API token lets another system (the one-stop system, the service portal) read and send figures through /api/v1 with your rights, sent as the header “Authorization: Bearer …”."},
		"token.created":        {"Đã tạo khóa API “%s”:", "API token “%s” created:"},
		"token.once":           {"Hãy sao chép khóa này ngay: nó chỉ hiện một lần.", "Copy this token now: it is shown only once."},
		"token.name":           {"Tên khóa", "Name"},
		"token.scope":          {"Phạm vi", "Scope"},
		"token.scopecode":      {"Mã cơ quan (để trống: toàn bộ phạm vi của bạn)", "Agency code (empty: your whole scope)"},
		"token.scopehint":      {"Một cơ quan trong phạm vi của bạn, để khóa chỉ dùng được cho cơ quan đó và các đơn vị trực thuộc.", "An agency in your scope, to limit the token to it and the agencies below it."},
		"token.userscope":      {"Phạm vi của người dùng", "The user's scope"},
		"token.access":         {"Quyền", "Access"},
		"token.readwrite":      {"Đọc và ghi", "Read and write"},
		"token.readonly":       {"Chỉ đọc", "Read-only"},
		"token.readonlybox":    {"Chỉ đọc (không nhập, không gửi số liệu)", "Read-only (no entering, no submitting)"},
		"token.createdat":      {"Ngày tạo", "Created"},
		"token.expires":        {"Hết hạn", "Expires"},
		"token.lastused":       {"Lần dùng gần nhất", "Last used"},
		"token.days":           {"Thời hạn (ngày)", "Lifetime (days)"},
		"token.create":         {"Tạo khóa", "Create token"},
		"token.new":            {"Tạo khóa mới", "New token"},
		"token.none":           {"Chưa có khóa API nào.", "No API tokens yet."},
		"token.revoke":         {"Thu hồi", "Revoke"},
		"token.revoked":        {"Đã thu hồi %s", "Revoked %s"},
		"token.expired":        {"Đã hết hạn", "Expired"},
		"token.active":         {"Đang dùng", "Active"},
		"error.code":           {"Mã lỗi: %s (gửi mã này cho quản trị viên nếu cần hỗ trợ)", "Error code: %s (give this code to an administrator when asking for help)"},
	})
}
