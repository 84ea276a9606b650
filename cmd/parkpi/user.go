package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"parkpi/internal/auth"
	"parkpi/internal/config"
	"parkpi/internal/kpi"
	"parkpi/internal/seed"
	"parkpi/internal/store"
)

// cliActor is who the audit log names for changes made from the command line.
var cliActor = auth.Actor{Username: "cli", Source: "cli"}

// ensureAdmin gives a database without an administrator its "admin" and
// prints the random password once, on the terminal, never in the log.
func ensureAdmin(ctx context.Context, db *store.DB, w io.Writer) error {
	pw, err := seed.Admin(ctx, db)
	if err != nil || pw == "" {
		return err
	}
	fmt.Fprintf(w, "\nTài khoản quản trị / administrator account: %s\nMật khẩu / password: %s\n"+
		"(chỉ hiện một lần — đổi bằng / shown once — change it with: parkpi user passwd %s)\n\n",
		seed.AdminUsername, pw, seed.AdminUsername)
	return nil
}

// printDemoLogins lists the demo accounts after the demo is loaded.
func printDemoLogins(w io.Writer) {
	var names []string
	for _, u := range seed.DemoUsers {
		names = append(names, u.Username)
	}
	fmt.Fprintf(w, "\nDemo users (demo only!): %s\nDemo password: %s\n\n", strings.Join(names, ", "), seed.DemoPassword)
}

func userCmd(cfg *config.Config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Manage user accounts: add, passwd, list, disable, enable, email",
		Args:  cobra.NoArgs, // an unknown subcommand is an error, not the help
		RunE: func(cmd *cobra.Command, args []string) error {
			return kpi.Errorf(kpi.EINVALID, "Hãy chọn việc cần làm: add, passwd, list, disable, enable hoặc email (xem 'parkpi user --help').", "Say what to do: add, passwd, list, disable, enable or email (see 'parkpi user --help').")
		},
	}
	cmd.AddCommand(userAddCmd(cfg), userPasswdCmd(cfg), userListCmd(cfg),
		userDisableCmd(cfg, "disable", true), userDisableCmd(cfg, "enable", false), userEmailCmd(cfg))
	return cmd
}

// withAuth opens the database and runs fn with the user service.
func withAuth(cmd *cobra.Command, cfg *config.Config, fn func(svc *auth.Service) error) error {
	db, err := openDB(cmd.Context(), cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(auth.New(db))
}

// readPassword takes the flag's value, or else the first line of stdin
// (so a password need not appear in the process list or shell history).
func readPassword(cmd *cobra.Command, flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", kpi.Errorf(kpi.EINVALID, "Chưa có mật khẩu: dùng --password hoặc nhập một dòng vào stdin.",
			"No password: give --password or one line on stdin.")
	}
	return pw, nil
}

func userAddCmd(cfg *config.Config) *cobra.Command {
	var nu auth.NewUser
	var role, password string
	cmd := &cobra.Command{
		Use:   "add USERNAME --role ROLE --agency CODE --name NAME [--password P]",
		Short: "Add a user (password from --password or the first line of stdin; at least 10 characters)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, err := readPassword(cmd, password)
			if err != nil {
				return err
			}
			nu.Username, nu.Role, nu.Password = args[0], auth.Role(role), pw
			return withAuth(cmd, cfg, func(svc *auth.Service) error {
				u, err := svc.CreateUser(cmd.Context(), cliActor, nu)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "user %s added (%s, %s)\n", u.Username, u.Role, u.AgencyCode)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&role, "role", "", "admin, leader, officer or staff")
	cmd.Flags().StringVar(&nu.AgencyCode, "agency", "", "code of the scope agency (e.g. 14722)")
	cmd.Flags().StringVar(&nu.FullName, "name", "", "full name")
	cmd.Flags().StringVar(&password, "password", "", "password (default: read one line from stdin)")
	return cmd
}

func userPasswdCmd(cfg *config.Config) *cobra.Command {
	var password string
	cmd := &cobra.Command{
		Use:   "passwd USERNAME [--password P]",
		Short: "Set a user's password and end their sessions (password from --password or stdin)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, err := readPassword(cmd, password)
			if err != nil {
				return err
			}
			return withAuth(cmd, cfg, func(svc *auth.Service) error {
				u, err := svc.UserByName(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				if err := svc.SetPassword(cmd.Context(), cliActor, u.ID, pw); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "password of %s changed\n", u.Username)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&password, "password", "", "new password (default: read one line from stdin)")
	return cmd
}

func userListCmd(cfg *config.Config) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the users",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withAuth(cmd, cfg, func(svc *auth.Service) error {
				users, err := svc.Users(cmd.Context())
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "USERNAME\tROLE\tAGENCY\tSTATUS\tNAME")
				for _, u := range users {
					status := "active"
					if u.Disabled {
						status = "disabled"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Username, u.Role, u.AgencyCode, status, u.FullName)
				}
				return tw.Flush()
			})
		},
	}
}

func userDisableCmd(cfg *config.Config, verb string, disable bool) *cobra.Command {
	return &cobra.Command{
		Use:   verb + " USERNAME",
		Short: strings.ToUpper(verb[:1]) + verb[1:] + " a user (disabling ends their sessions)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withAuth(cmd, cfg, func(svc *auth.Service) error {
				u, err := svc.UserByName(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				if err := svc.SetDisabled(cmd.Context(), cliActor, u.ID, disable); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "user %s %sd\n", u.Username, verb)
				return nil
			})
		},
	}
}

func userEmailCmd(cfg *config.Config) *cobra.Command {
	var noReminders bool
	cmd := &cobra.Command{
		Use:   "email USERNAME ADDRESS [--no-reminders]",
		Short: "Set where a user's reminders go (\"\" for none); --no-reminders turns reminder emails off",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withUser(cmd, cfg, args[0], func(svc *auth.Service, u *auth.User) error {
				if err := svc.SetContact(cmd.Context(), cliActor, u, args[1], noReminders); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "reminders of %s go to %q (emails off: %v)\n", u.Username, args[1], noReminders)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&noReminders, "no-reminders", false, "send this user no reminder emails (notices stay in the application)")
	return cmd
}
