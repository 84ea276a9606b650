package i18n

// Labels of the Word report's downloads.
func init() {
	register(map[string]pair{
		"report.docx": {"Báo cáo CCHC năm %d (Word)", "Reform report %d (Word)"},
		"report.pdf":  {"Báo cáo CCHC năm %d (PDF)", "Reform report %d (PDF)"},
	})
}
