package web

import (
	"net/url"
	"strconv"

	"parkpi/internal/i18n"
)

// listPaging places a page of a list of total rows, per rows a page: the
// links keep the list's other parameters. Every list of agencies is cut in
// pages, so no answer grows with the number of agencies.
func listPaging(lang, path string, q url.Values, page, per, total int) *Paging {
	pages := max(1, (total+per-1)/per)
	from := min((page-1)*per, total)
	to := min(from+per, total)
	p := &Paging{Page: page, PerPage: per, Pages: pages, First: from + 1,
		Label: i18n.Tf(lang, "dash.rank.page", number(lang, page), number(lang, pages)),
		Rows:  i18n.Tf(lang, "dash.rank.rows", number(lang, min(from+1, to)), number(lang, to), number(lang, total))}
	at := func(n int) string {
		v := url.Values{}
		for k, vals := range q {
			v[k] = vals
		}
		v.Set("page", strconv.Itoa(n))
		return path + "?" + v.Encode()
	}
	if page > 1 {
		p.PrevURL = at(min(page-1, pages))
	}
	if page < pages {
		p.NextURL = at(page + 1)
	}
	return p
}
