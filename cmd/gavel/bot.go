package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/meeting/journal"
)

func init() {
	register(&command{
		name: "bot",
		summary: `Record meetings headless: a MeetBot replacement.

Joins its channels (--channel, repeated or a comma list; with
--join-on-invite also those it is invited to), records every line of each
(journaled to disk first, so a crash loses nothing and a restart resumes
the meeting), answers meeting commands as MeetBot does — unless --quiet,
or another meeting bot is in the channel — and writes the minutes into the
archive at #save and #endmeeting. With --events it publishes the meeting's
events (zodbot's topics) to RabbitMQ, a file or stdout, none lost.`,
		run: runBot,
	})
}

func runBot(ctx context.Context, v *values, _ []string) error {
	cf := connFrom(v)
	channels, per, err := botChannels(v)
	if err != nil {
		return usageErr(err)
	}
	cf.channel = ""
	if len(channels) > 0 {
		cf.channel = channels[0]
	}
	archiveDir, journalDir := v.str("archive"), v.str("journal-dir")
	cfg, err := cf.config()
	if err != nil {
		return usageErr(err)
	}
	style, err := botStyle(v)
	if err != nil {
		return err
	}
	if err := defaultDirs(&archiveDir, &journalDir); err != nil {
		return err
	}
	if err := preflight(cf, archiveDir, journalDir); err != nil {
		return err
	}
	logger, closeLog, err := openLog(v.str("log"), v.bool("debug"))
	if err != nil {
		return err
	}
	defer closeLog()
	return runBotWith(ctx, botOptions{conn: cfg, server: cf.server, network: cf.network, nick: cf.nick,
		channels: channels, per: per, archiveDir: archiveDir, journalDir: journalDir, quiet: v.bool("quiet"),
		setTopic: v.bool("set-topic"), urlBase: style.URLBase, flavour: style.Flavour, layout: style.Layout, joinOnInvite: v.bool("join-on-invite"),
		events: v.strings("events"), eventsPrefix: v.str("events-prefix"), eventsExch: v.str("events-exchange"),
		logger: logger})
}

// openLog opens the structured log file (JSON lines).
func openLog(path string, debug bool) (*slog.Logger, func(), error) {
	if path == "" {
		dir, err := journal.Dir()
		if err != nil {
			return nil, nil, err
		}
		path = filepath.Join(filepath.Dir(dir), "bot.log")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, nil, err
	}
	level := slog.LevelInfo
	if debug {
		level = slog.LevelDebug
	}
	var w io.Writer = f
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})), func() { f.Close() }, nil
}

// defaultDirs fills in the archive and journal directories not given.
func defaultDirs(archiveDir, journalDir *string) error {
	var err error
	if *archiveDir == "" {
		*archiveDir = archive.DefaultDir()
	}
	if *journalDir == "" {
		*journalDir, err = journal.Dir()
	}
	return err
}
