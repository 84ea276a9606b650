package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"parkpi/internal/config"
	"parkpi/internal/kpi"
	"parkpi/internal/notify"
	"parkpi/internal/store"
)

func remindCmd(cfg *config.Config) *cobra.Command {
	var dryRun bool
	var today string
	cmd := &cobra.Command{
		Use:   "remind [--dry-run] [--today YYYY-MM-DD]",
		Short: "Send the reminders due today (deadlines, digests, returned reports); --dry-run lists them and sends nothing",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			day := time.Now()
			if today != "" {
				t, err := time.Parse(time.DateOnly, today)
				if err != nil {
					return kpi.Errorf(kpi.EINVALID, "--today=%q: cần ngày dạng 2022-07-16.", "--today=%q: want a day such as 2022-07-16.", today)
				}
				day = t
			}
			db, err := openDB(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			out, err := notify.Run(cmd.Context(), db, remindOptions(cfg, day, dryRun, nil))
			if err != nil {
				return err
			}
			return printOutcomes(cmd.OutOrStdout(), out, dryRun, cfg.Mail.Host != "")
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list what would be sent; record and send nothing")
	cmd.Flags().StringVar(&today, "today", "", "plan for this day instead of today (YYYY-MM-DD)")
	return cmd
}

// remindOptions are a run for day with the configured calendar, links and
// SMTP server (none: notices in the application only).
func remindOptions(cfg *config.Config, day time.Time, dryRun bool, log *slog.Logger) notify.RunOptions {
	o := notify.RunOptions{Options: notify.Options{Today: day, Deadlines: kpi.Deadlines{Days: cfg.DeadlineDays}, BaseURL: cfg.Reminders.BaseURL},
		DryRun: dryRun, Log: log}
	if m := cfg.Mail; m.Host != "" {
		o.Sender = &notify.SMTP{Host: m.Host, Port: m.Port, User: m.User, Password: m.Password, From: m.From, TLS: m.TLS}
	}
	return o
}

// printOutcomes lists each notice: what became (or would become) of it,
// for whom, where to, and its subject.
func printOutcomes(w io.Writer, out []notify.Outcome, dryRun, smtp bool) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tUSER\tTO\tKIND\tKEY\tSUBJECT")
	emails := 0
	for _, o := range out {
		status := o.Status
		if dryRun && status == store.NoticePending {
			status = "would_send"
		}
		if o.Channel != "" {
			emails++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", status, o.User.Username, o.Contact.Email, o.Kind, o.Key, o.Subject)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	verb := "recorded"
	if dryRun {
		verb = "would be recorded"
	}
	fmt.Fprintf(w, "%d notices %s, %d by email", len(out), verb, emails)
	if !smtp {
		fmt.Fprint(w, " (no PARKPI_SMTP_HOST: in the application only)")
	}
	fmt.Fprintln(w)
	return nil
}

// remindLoop runs the reminders every interval until ctx ends, first a
// minute after the start (so a restart loop does not hammer the SMTP
// server), and at once when kick fires (a report was returned). A failed
// run is logged and retried at the next tick; notices are made once per
// user and key, so instances may share the work.
func remindLoop(ctx context.Context, db *store.DB, cfg *config.Config, log *slog.Logger, kick <-chan struct{}) {
	if cfg.Reminders.Every <= 0 {
		return
	}
	timer := time.NewTimer(time.Minute)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-kick:
		}
		out, err := notify.Run(ctx, db, remindOptions(cfg, time.Now(), false, log))
		if err != nil {
			log.Error("reminders", "err", err)
		} else if len(out) > 0 {
			log.Info("reminders", "notices", len(out))
		}
		timer.Reset(cfg.Reminders.Every) // since Go 1.23 a reset timer sends no stale tick
	}
}
