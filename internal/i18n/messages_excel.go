package i18n

// Labels of the Excel feature: download buttons, the template upload and
// its preview, and background jobs.
func init() {
	register(map[string]pair{
		"excel.downloads":     {"Tải báo cáo Excel", "Excel reports"},
		"excel.agency":        {"Báo cáo năm %d (.xlsx)", "Report %d (.xlsx)"},
		"excel.summary":       {"Tổng hợp toàn tỉnh năm %d (.xlsx)", "Province summary %d (.xlsx)"},
		"excel.form06":        {"Biểu số 06 năm %d (.xlsx)", "Form 06, %d (.xlsx)"},
		"excel.form06q":       {"Biểu số 06 quý %d/%d (.xlsx)", "Form 06, Q%d %d (.xlsx)"},
		"excel.upload":        {"Nhập số liệu bằng Excel", "Enter figures with Excel"},
		"upload.title":        {"Nhập số liệu bằng tệp Excel", "Enter figures with an Excel file"},
		"upload.intro":        {"Tải mẫu của quý, điền vào cột “Giá trị” (ô màu vàng) rồi tải tệp lên. Ô để trống giữ nguyên số đã lưu; gõ x (hoặc xóa) vào ô để xóa số đã lưu. Bạn sẽ xem trước mọi thay đổi trước khi xác nhận.", "Download the quarter's template, fill in the “Value” column (yellow cells), then upload the file. An empty cell keeps the stored value; type x (or xóa) in a cell to clear it. You will see every change before confirming."},
		"upload.template":     {"Tải mẫu quý %d/%d của %s", "Download the Q%d %d template of %s"},
		"upload.template.all": {"Tải mẫu cho %s và mọi cơ quan trực thuộc", "Download one template for %s and every agency under it"},
		"upload.agency":       {"Cơ quan", "Agency"},
		"upload.file":         {"Tệp Excel (.xlsx, tối đa 10 MiB)", "Excel file (.xlsx, at most 10 MiB)"},
		"upload.send":         {"Tải lên và xem trước", "Upload and preview"},
		"upload.preview":      {"Xem trước: quý %d năm %d", "Preview: quarter %d of %d"},
		"upload.changes":      {"%d thay đổi", "%d changes"},
		"upload.nochanges":    {"Tệp không thay đổi số liệu nào.", "The file changes no figures."},
		"upload.errors":       {"Tệp có %d lỗi. Không có số liệu nào được lưu; hãy sửa trong tệp và tải lên lại.", "The file has %d errors. Nothing was saved; fix them in the file and upload it again."},
		"upload.warnings":     {"Cảnh báo (vẫn lưu được)", "Warnings (saving is still possible)"},
		"upload.col.cell":     {"Ô", "Cell"},
		"upload.col.field":    {"Chỉ tiêu", "Indicator"},
		"upload.col.old":      {"Cũ", "Old"},
		"upload.col.new":      {"Mới", "New"},
		"upload.col.message":  {"Nội dung", "Message"},
		"upload.confirm":      {"Xác nhận lưu", "Confirm and save"},
		"upload.cancel":       {"Hủy", "Cancel"},
		"upload.expires":      {"Bản xem trước có hiệu lực đến %s.", "This preview can be confirmed until %s."},
		"upload.done":         {"Đã lưu %d giá trị của %d cơ quan.", "Saved %d values of %d agencies."},
		"upload.empty":        {"(trống)", "(empty)"},
		"upload.delete":       {"(xóa số đã lưu)", "(clears the stored value)"},
		"upload.again":        {"Tải lên tệp khác", "Upload another file"},
		"job.title":           {"Đang tạo tệp", "Preparing the file"},
		"job.running":         {"Đang xử lý…", "Working…"},
		"job.done":            {"Xong. Tệp đã sẵn sàng.", "Done. The file is ready."},
		"job.failed":          {"Không tạo được tệp: %s", "The file could not be made: %s"},
		"job.download":        {"Tải tệp", "Download the file"},
	})
}
