package web_test

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"parkpi/internal/auth"
)

// TestUserFormFieldErrors: a bad form comes back with 422, every message
// beside its field (the keys match) and the typed values kept.
func TestUserFormFieldErrors(t *testing.T) {
	ts := newServer(t)
	admin := loginAs(t, ts, "admin")
	form := url.Values{auth.FieldUsername: {"Bad Name!"}, auth.FieldFullName: {""}, auth.FieldRole: {"boss"},
		auth.FieldAgency: {""}, auth.FieldPassword: {"short"}}
	status, page := rd(t)(admin.PostForm(ts.URL+"/admin/users", form))
	page = html.UnescapeString(page)
	if status != 422 {
		t.Fatalf("bad form = %d, want 422", status)
	}
	for field, msg := range map[string]string{
		auth.FieldUsername: "Tên đăng nhập phải dài 3–40 ký tự",
		auth.FieldFullName: "Vui lòng nhập họ và tên.",
		auth.FieldRole:     "Vui lòng chọn vai trò.",
		auth.FieldAgency:   "Vui lòng chọn cơ quan.",
		auth.FieldPassword: "Mật khẩu phải có ít nhất 10 ký tự.",
	} {
		i := strings.Index(page, `id="`+field+`"`)
		if i < 0 {
			t.Fatalf("the form lacks the field %s", field)
		}
		// The message follows its own field, before the next one.
		rest := page[i:]
		if next := strings.Index(rest[1:], `<label`); next > 0 {
			rest = rest[:next+1]
		}
		if !strings.Contains(rest, msg) {
			t.Errorf("no %q beside the field %s", msg, field)
		}
	}
	if !strings.Contains(page, `value="Bad Name!"`) {
		t.Error("the typed username was not kept")
	}
	// A taken username, in English this time.
	form = url.Values{auth.FieldUsername: {"leader"}, auth.FieldFullName: {"Someone"}, auth.FieldRole: {"staff"},
		auth.FieldAgency: {"37"}, auth.FieldPassword: {"long-enough-pw"}}
	req := form.Encode()
	resp, err := admin.Post(ts.URL+"/admin/users", "application/x-www-form-urlencoded", strings.NewReader(req))
	status, page = rd(t)(resp, err)
	if status != 422 || !strings.Contains(page, "Tên đăng nhập leader đã có người dùng.") || !strings.Contains(page, `value="Someone"`) {
		t.Fatalf("taken username = %d", status)
	}
}

// TestUserEditAndReset re-scopes a user and resets their password; the new
// password works and the old one no longer does.
func TestUserEditAndReset(t *testing.T) {
	ts := newServer(t)
	admin := loginAs(t, ts, "admin")
	_, list := rd(t)(admin.Get(ts.URL + "/admin/users"))
	id := userIDFromList(t, list, "staff")
	status, _ := rd(t)(admin.PostForm(ts.URL+"/admin/users/"+id, url.Values{"full_name": {"Chuyên viên huyện"}, "role": {"leader"}, "agency": {"377"}}))
	if status != 303 {
		t.Fatalf("update = %d", status)
	}
	_, page := rd(t)(admin.Get(ts.URL + "/admin/users/" + id))
	if !strings.Contains(page, `<option value="377" selected>`) || !strings.Contains(page, `<option value="leader" selected>`) {
		t.Fatal("the edit did not stick")
	}
	if status, _ := rd(t)(admin.PostForm(ts.URL+"/admin/users/"+id+"/password", url.Values{"password": {"short"}})); status != 422 {
		t.Fatalf("short reset = %d", status)
	}
	if status, _ := rd(t)(admin.PostForm(ts.URL+"/admin/users/"+id+"/password", url.Values{"password": {"brand-new-password"}})); status != 303 {
		t.Fatalf("reset = %d", status)
	}
	c := newClient(t)
	if status, _ := rd(t)(c.PostForm(ts.URL+"/login", url.Values{"username": {"staff"}, "password": {"brand-new-password"}})); status != 303 {
		t.Fatalf("login with the new password = %d", status)
	}
	// Now a leader of Yên Mô: the audit trail shows their district only.
	status, page = rd(t)(c.Get(ts.URL + "/audit?agency=37-S03"))
	if status != 403 {
		t.Fatalf("a district leader reads another agency's audit: %d", status)
	}
}
