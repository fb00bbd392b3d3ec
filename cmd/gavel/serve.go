package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/gavel-irc/gavel/meeting/journal"
	"github.com/gavel-irc/gavel/serve"
	"github.com/gavel-irc/gavel/tui/review"
)

func init() {
	register(&subcommand{
		name: "serve",
		args: "[--archive DIR] [--listen HOST:PORT] [--authorized-keys FILE]",
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

func runServe(ctx context.Context, fs *flag.FlagSet, args []string) error {
	dir := archiveFlag(fs)
	listen := fs.String("listen", envOr("SERVE_LISTEN", "127.0.0.1:23234"), "address to listen on, HOST:PORT (0.0.0.0:PORT for everyone) [$GAVEL_SERVE_LISTEN]")
	authKeys := fs.String("authorized-keys", envOr("SERVE_AUTHORIZED_KEYS", ""), "OpenSSH authorized_keys file: only these keys may connect [$GAVEL_SERVE_AUTHORIZED_KEYS]")
	hostKey := fs.String("host-key", envOr("SERVE_HOST_KEY", ""), "host key file, made on first start (default $XDG_STATE_HOME/gavel/ssh_host_ed25519) [$GAVEL_SERVE_HOST_KEY]")
	idle := fs.Duration("idle-timeout", 30*time.Minute, "close a session after this long without a key or output (0: never)")
	maxSessions := fs.Int("max-sessions", 64, "sessions open at once")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	a, err := openArchiveDir(*dir)
	if err != nil {
		return err
	}
	defer a.Close()
	if *hostKey == "" {
		jd, err := journal.Dir()
		if err != nil {
			return err
		}
		*hostKey = filepath.Join(filepath.Dir(jd), "ssh_host_ed25519")
	}
	logger := slog.New(slog.NewTextHandler(errOut, nil))
	srv, err := serve.New(serve.Config{
		Listen: *listen, HostKey: expand(*hostKey), AuthorizedKeys: expand(*authKeys),
		IdleTimeout: *idle, MaxSessions: *maxSessions, Version: version, Logger: logger,
		App: func(s serve.Session) tea.Model {
			return review.New(review.Options{Archive: a, Dark: true, ReadOnly: true, User: s.User})
		},
	})
	if err != nil {
		return &exitError{2, err}
	}
	who := "anyone who can reach it"
	if *authKeys != "" {
		who = "the keys in " + *authKeys
	}
	fmt.Fprintf(errOut, "gavel serve: sharing %s read-only on %s for %s (ssh -p PORT HOST)\n", a.Dir, srv.Addr(), who)
	return srv.Serve(ctx)
}
