package notify

import (
	"context"
	"log/slog"
	"time"

	"parkpi/internal/store"
)

// RunOptions are a reminder run: the day and calendar (Options), the
// Sender (nil: notices in the application only) and whether it only says
// what it would do.
type RunOptions struct {
	Options
	Sender Sender
	DryRun bool
	Log    *slog.Logger // nil: no log lines
}

// Outcome is one new notice and what became of it — or, in a dry run,
// what would.
type Outcome struct {
	Planned
	Channel string // "email" when a message is (or would be) sent
	Status  string // store.Notice*: sent, failed, opted_out, no_address, in_app; pending in a dry run that would send
	Error   string
}

// keysWindow is how far back recorded notices are looked up: longer than
// any key stays due (a quarter's reminders, a month of returns).
const keysWindow = 400 * 24 * time.Hour

// Run makes the notices due today that were not made before: each is
// recorded once (the in-app list), then sent unless its user opted out or
// has no address, and its outcome recorded and logged. A dry run lists the
// same notices and writes and sends nothing. Sending fails per message:
// a refused email is recorded as failed and the run goes on.
func Run(ctx context.Context, db *store.DB, o RunOptions) ([]Outcome, error) {
	planned, err := Plan(ctx, db, o.Options)
	if err != nil {
		return nil, err
	}
	done, err := db.NoticeKeys(ctx, o.Today.Add(-keysWindow))
	if err != nil {
		return nil, err
	}
	var out []Outcome
	for _, p := range planned {
		if done[p.User.ID][p.Key] {
			continue
		}
		oc := decide(p, o.Sender)
		if !o.DryRun {
			var ok bool
			if oc, ok, err = deliver(ctx, db, o, oc); err != nil {
				return out, err
			} else if !ok {
				continue // another run recorded it meanwhile
			}
		}
		out = append(out, oc)
	}
	return out, nil
}

// decide says how a notice reaches its user.
func decide(p Planned, s Sender) Outcome {
	oc := Outcome{Planned: p}
	switch {
	case s == nil:
		oc.Status = store.NoticeInApp
	case p.Contact.RemindersOff:
		oc.Status = store.NoticeOptedOut
	case p.Contact.Email == "":
		oc.Status = store.NoticeNoAddress
	default:
		oc.Channel, oc.Status = s.Channel(), store.NoticePending
	}
	return oc
}

// deliver records the notice, sends it when it is to be sent, and records
// the outcome. It reports false when the notice was already recorded.
func deliver(ctx context.Context, db *store.DB, o RunOptions, oc Outcome) (Outcome, bool, error) {
	id, created, err := db.RecordNotice(ctx, store.Notice{UserID: oc.User.ID, Key: oc.Key, Kind: oc.Kind, Subject: oc.Subject, Body: oc.Text})
	if err != nil || !created {
		return oc, false, err
	}
	if oc.Status == store.NoticePending {
		if err := o.Sender.Send(ctx, Message{To: oc.Contact.Email, Subject: oc.Subject, Text: oc.Text}); err != nil {
			oc.Status, oc.Error = store.NoticeFailed, err.Error()
		} else {
			oc.Status = store.NoticeSent
		}
	}
	if err := db.MarkNotice(ctx, store.NoticeOutcome{ID: id, Channel: oc.Channel, Address: oc.Contact.Email, Status: oc.Status, Error: oc.Error}); err != nil {
		return oc, false, err
	}
	if o.Log != nil {
		o.Log.Info("notice", "user", oc.User.Username, "kind", oc.Kind, "key", oc.Key, "channel", oc.Channel,
			"to", oc.Contact.Email, "status", oc.Status, "error", oc.Error, "subject", oc.Subject)
	}
	return oc, true, nil
}
