package web

import (
	"strconv"
	"strings"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// AuditRowView is one row of the audit trail in the reader's words: the
// action, the field (an indicator by its name), the old and new values
// (states and roles named, numbers written the reader's way), the source,
// the period and the moment, never the codes the log keeps.
type AuditRowView struct {
	auth.AuditRow
	When, Who, What, Period, Field, OldText, NewText, From string
}

// auditWords puts one audit row into words.
func auditWords(lang string, cat *kpi.Catalogue, r auth.AuditRow) AuditRowView {
	v := AuditRowView{AuditRow: r, When: timeLabel(lang, r.At), Who: actorLabel(lang, r.Actor),
		What: known(lang, "audit.action."+r.Action, r.Action), From: sourceLabel(lang, r.Source)}
	if r.Year.Valid {
		v.Period = i18n.Tf(lang, "audit.period.year", int(r.Year.Int64))
		if r.Quarter.Valid && r.Quarter.Int64 > 0 {
			v.Period = i18n.Tf(lang, "wf.quarter", int(r.Quarter.Int64), int(r.Year.Int64))
		}
	}
	field := r.Field
	if user, rest, ok := strings.Cut(field, ":"); ok && r.Entity != "access" {
		field = rest
		v.Field = user + ": "
	}
	if name, ok := strings.CutPrefix(field, "token:"); ok {
		v.Field += i18n.Tf(lang, "audit.field.token", name)
		v.OldText, v.NewText = r.Old, r.New
		return v
	}
	ind, isIndicator := cat.Get(field)
	switch {
	case isIndicator:
		v.Field += ind.Name(lang)
	case r.Action == "user.create" && field == r.Field:
		v.Field = field // the new account's username
	default:
		v.Field += known(lang, "audit.field."+field, field)
	}
	v.OldText, v.NewText = valueWords(lang, field, ind, isIndicator, r.Old), valueWords(lang, field, ind, isIndicator, r.New)
	return v
}

// valueWords writes one old or new value of a field.
func valueWords(lang, field string, ind kpi.Indicator, isIndicator bool, s string) string {
	if s == "" {
		return ""
	}
	switch {
	case isIndicator:
		if x, err := strconv.ParseFloat(s, 64); err == nil {
			return i18n.Number(lang, x, ind.Decimals)
		}
	case field == "state":
		return wfStateLabel(lang, s)
	case field == "kind":
		return known(lang, "kind."+s, s)
	case field == "role":
		return known(lang, "role."+s, s)
	case field == "disabled" || field == "reminders_off" || field == "password":
		return known(lang, "audit.value."+s, s)
	}
	return s
}

// sourceLabel names where a change came from.
func sourceLabel(lang, source string) string {
	if id, ok := strings.CutPrefix(source, "token:"); ok {
		return i18n.Tf(lang, "audit.source.token", id)
	}
	return known(lang, "audit.source."+source, source)
}

// known is the label of key, or fallback when there is none (a code the
// log holds that has no words yet is shown as it is rather than hidden).
func known(lang, key, fallback string) string {
	if s := i18n.T(lang, key); s != key {
		return s
	}
	return fallback
}
