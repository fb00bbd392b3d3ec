package main

import (
	"context"
	"errors"
	"os"
	"os/user"

	tea "charm.land/bubbletea/v2"

	"github.com/gavel-irc/gavel/tui/palette"
	"github.com/gavel-irc/gavel/tui/review"
)

func init() {
	register(&command{
		name: "review",
		summary: `Browse the meeting archive in the terminal.

The list shows meetings newest first (f filters: #channel name:N who:NICK
from:YYYY-MM-DD to:YYYY-MM-DD); / searches everything said (FTS5 syntax;
hits jump into the log); enter opens a meeting: minutes rendered, tab to
the log, n/N select an item and enter jumps to its log line, [ and ] go to
the previous/next meeting of the series; a shows action items across
meetings (d marks one done, u undoes that, o open/done/all, w by person).
Files added to the archive by hand are indexed in the background unless
--no-update.`,
		run: runReview,
	})
}

func runReview(ctx context.Context, v *values, _ []string) error {
	a, err := openArchiveDir(v.str("archive"))
	if err != nil {
		return err
	}
	defer a.Close()
	who := "gavel"
	if u, err := user.Current(); err == nil && u.Username != "" {
		who = u.Username
	}
	m := review.New(review.Options{Archive: a, Dark: true, Update: !v.bool("no-update"), User: who,
		Plain: palette.NoColor(os.Environ())})
	_, err = tea.NewProgram(m, tea.WithContext(ctx)).Run()
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) || errors.Is(err, tea.ErrInterrupted) {
		return nil
	}
	return err
}
