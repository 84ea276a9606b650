package i18n

// Labels of the account page (API tokens, reminder settings), the notice
// list and the error code shown with every error.
func init() {
	register(map[string]pair{
		"error.code": {"Mã lỗi: %s (gửi mã này cho quản trị viên nếu cần hỗ trợ)", "Error code: %s (give this code to an administrator when asking for help)"},
	})
}
