package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"github.com/gavel-irc/gavel/meeting/journal"
	"github.com/gavel-irc/gavel/serve"
	"github.com/gavel-irc/gavel/tui/palette"
	"github.com/gavel-irc/gavel/tui/review"
)

func init() {
	register(&command{
		name: "serve",
		summary: `Share the meeting archive over SSH.

Whoever connects with an SSH client (ssh -p PORT HOST) gets the review UI
of the archive — search, meetings, minutes, logs, action items — read-only,
drawn for their own terminal. The host key is made once and kept in the
state directory ($XDG_STATE_HOME/gavel/ssh_host_ed25519), so clients see
the same key after a restart. Without --authorized-keys anyone who can
reach the port may read the archive.`,
		run: runServe,
	})
}

func runServe(ctx context.Context, v *values, _ []string) error {
	hostKey, authKeys := v.str("host-key"), v.str("authorized-keys")
	a, err := openArchiveDir(v.str("archive"))
	if err != nil {
		return err
	}
	defer a.Close()
	if hostKey == "" {
		jd, err := journal.Dir()
		if err != nil {
			return err
		}
		hostKey = filepath.Join(filepath.Dir(jd), "ssh_host_ed25519")
	}
	logger := slog.New(slog.NewTextHandler(errOut, nil))
	srv, err := serve.New(serve.Config{
		Listen: v.str("listen"), HostKey: hostKey, AuthorizedKeys: authKeys,
		IdleTimeout: v.duration("idle-timeout"), MaxSessions: v.int("max-sessions"), Version: buildVersion(), Logger: logger,
		App: func(s serve.Session) tea.Model {
			return review.New(review.Options{Archive: a, Dark: true, ReadOnly: true, User: s.User,
				Plain: palette.NoColor(s.Env)})
		},
	})
	if err != nil {
		return usageErr(err)
	}
	who := "anyone who can reach it"
	if authKeys != "" {
		who = "the keys in " + authKeys
	}
	fmt.Fprintf(errOut, "gavel serve: sharing %s read-only on %s for %s (ssh -p PORT HOST)\n", a.Dir, srv.Addr(), who)
	return srv.Serve(ctx)
}
