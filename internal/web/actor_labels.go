package web

import (
	"parkpi/internal/auth"
	"parkpi/internal/i18n"
)

// actorLabel names who made a change: a user by their username, parkpi
// itself (the initial load, the command line) in words, never by the
// internal name the audit log gives it.
func actorLabel(lang, actor string) string {
	switch {
	case actor == "":
		return "—"
	case actor == "cli":
		return i18n.T(lang, "actor.cli")
	case auth.IsSystemActor(actor):
		return i18n.T(lang, "actor.load")
	}
	return actor
}
