package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"parkpi/internal/auth"
	"parkpi/internal/config"
	"parkpi/internal/kpi"
)

func tokenCmd(cfg *config.Config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Manage personal API tokens: create, list, revoke",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return kpi.Errorf(kpi.EINVALID, "Hãy chọn việc cần làm: create, list hoặc revoke (xem 'parkpi token --help').",
				"Say what to do: create, list or revoke (see 'parkpi token --help').")
		},
	}
	cmd.AddCommand(tokenCreateCmd(cfg), tokenListCmd(cfg), tokenRevokeCmd(cfg))
	return cmd
}

// withUser opens the database and runs fn with the user service and the
// user named on the command line.
func withUser(cmd *cobra.Command, cfg *config.Config, username string, fn func(*auth.Service, *auth.User) error) error {
	return withAuth(cmd, cfg, func(svc *auth.Service) error {
		u, err := svc.UserByName(cmd.Context(), username)
		if err != nil {
			return err
		}
		return fn(svc, u)
	})
}

func tokenCreateCmd(cfg *config.Config) *cobra.Command {
	var n auth.NewToken
	cmd := &cobra.Command{
		Use:   "create USERNAME --name NAME [--days 90] [--scope CODE] [--read-only]",
		Short: "Make an API token for a user and print it once, alone on the last line",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withUser(cmd, cfg, args[0], func(svc *auth.Service, u *auth.User) error {
				t, secret, err := svc.CreateToken(cmd.Context(), cliActor, u, n)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "token %d “%s” for %s, expires %s (shown once):\n%s\n",
					t.ID, t.Name, u.Username, t.ExpiresAt.Format(time.DateOnly), secret)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&n.Name, "name", "", "what the token is for, e.g. \"one-stop system\"")
	cmd.Flags().IntVar(&n.Days, "days", auth.DefaultTokenDays, fmt.Sprintf("days until it expires (1 to %d)", auth.MaxTokenDays))
	cmd.Flags().StringVar(&n.AgencyCode, "scope", "", "an agency in the user's scope to limit the token to (default: the user's scope)")
	cmd.Flags().BoolVar(&n.ReadOnly, "read-only", false, "reads and exports only")
	return cmd
}

func tokenListCmd(cfg *config.Config) *cobra.Command {
	var username string
	cmd := &cobra.Command{
		Use:   "list [--user USERNAME]",
		Short: "List API tokens (never their secrets), newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withAuth(cmd, cfg, func(svc *auth.Service) error {
				var id int64
				if username != "" {
					u, err := svc.UserByName(cmd.Context(), username)
					if err != nil {
						return err
					}
					id = u.ID
				}
				tokens, err := svc.Tokens(cmd.Context(), id)
				if err != nil {
					return err
				}
				now := time.Now()
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tUSER\tNAME\tSCOPE\tACCESS\tEXPIRES\tLAST USED\tSTATUS")
				for _, t := range tokens {
					scope, access, used, status := t.AgencyCode, "read-write", "never", "active"
					if scope == "" {
						scope = "(user's)"
					}
					if t.ReadOnly {
						access = "read-only"
					}
					if t.LastUsedAt != nil {
						used = t.LastUsedAt.Format("2006-01-02 15:04") + " " + t.LastUsedAddr
					}
					if t.RevokedAt != nil {
						status = "revoked"
					} else if !t.Active(now) {
						status = "expired"
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Username, t.Name, scope, access,
						t.ExpiresAt.Format(time.DateOnly), used, status)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&username, "user", "", "only this user's tokens")
	return cmd
}

func tokenRevokeCmd(cfg *config.Config) *cobra.Command {
	return &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke an API token at once (its ID from 'parkpi token list')",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return kpi.Errorf(kpi.EINVALID, "Mã khóa API %q không hợp lệ: dùng số ID trong 'parkpi token list'.",
					"API token ID %q is not valid: use the number from 'parkpi token list'.", args[0])
			}
			return withAuth(cmd, cfg, func(svc *auth.Service) error {
				if err := svc.RevokeToken(cmd.Context(), cliActor, id, 0); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "token %d revoked\n", id)
				return nil
			})
		},
	}
}
