package i18n

// Labels of the page layout: the menus, their toggle on narrow screens and
// the scrolling boxes of wide tables.
func init() {
	register(map[string]pair{
		"nav.ranking": {"Xếp hạng", "Ranking"},
		"nav.upload":  {"Nhập từ Excel", "Excel upload"},
		"nav.account": {"Tài khoản của tôi", "My account"},
		"nav.menu":    {"Danh mục", "Menu"},
		"nav.admin":   {"Quản trị", "Administration"},
		"nav.main":    {"Danh mục chính", "Main menu"},
		"nav.skip":    {"Bỏ qua danh mục, đến nội dung", "Skip to the content"},
		"table.wide":  {"Bảng rộng: cuộn ngang để xem hết", "Wide table: scroll sideways to see it all"},
	})
}
