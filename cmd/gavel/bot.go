package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/ircconn"
	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/meeting/journal"
	"github.com/gavel-irc/gavel/meeting/recorder"
)

func init() {
	register(&command{
		name: "bot",
		summary: `Record meetings headless: a MeetBot replacement.

Joins the channel, records every line (journaled to disk first, so a crash
loses nothing and a restart resumes the meeting), answers meeting commands
as MeetBot does — unless --quiet, or another meeting bot is in the channel —
and writes the minutes into the archive at #save and #endmeeting.`,
		run: runBot,
	})
}

func runBot(ctx context.Context, v *values, _ []string) error {
	cf := connFrom(v)
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
	logger, closeLog, err := openLog(v.str("log"), v.bool("debug"))
	if err != nil {
		return err
	}
	defer closeLog()

	var rec *recorder.Recorder
	cfg.Logger = logger
	cfg.OnEvent = func(ev ircconn.Event) { botEvent(rec, cf.channel, logger, ev) }
	cfg.HistorySince = func(string) time.Time { return rec.HistorySince() }
	id := showIdent(&cfg, recorder.RoleBot, v.bool("quiet"))
	client, err := ircconn.New(cfg)
	if err != nil {
		return usageErr(err)
	}
	var gate noticeGate
	rec, err = recorder.Open(recorder.Config{
		Network: cf.network, Channel: cf.channel, BotNick: cf.nick, Self: cf.nick, JournalDir: journalDir,
		Quiet: v.bool("quiet"), SetTopic: v.bool("set-topic"), Write: archiveWriter(archiveDir, logger), URLBase: style.URLBase,
		Flavour: style.Flavour, Layout: style.Layout,
		ArchiveDir: archiveDir, Logger: logger, Ident: id,
		OnJournal: func(st recorder.JournalState) {
			if st.Err == nil {
				fmt.Fprintln(os.Stderr, "gavel bot: "+recoveredText(st))
				return
			}
			fmt.Fprintln(os.Stderr, "gavel bot: "+troubleText(st))
			if !st.Silent && gate.ok(time.Now()) {
				client.Say(cf.channel, channelNotice(st))
			}
		},
	}, client)
	if err != nil {
		return err
	}
	defer closeRecorder(rec, os.Stderr, "gavel bot")
	if d := damageText(rec); d != "" {
		fmt.Fprintln(os.Stderr, "gavel bot: "+d)
	}
	if n := rec.Resumed(); n > 0 {
		fmt.Fprintf(os.Stderr, "gavel bot: resuming the meeting in %s from its journal (%d lines)\n", cf.channel, n)
	}
	fmt.Fprintf(os.Stderr, "gavel bot: recording %s on %s as %s; minutes go to %s\n", cf.channel, cf.server, cf.nick, archiveDir)
	err = client.Run(ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if m := rec.Minutes(); m != nil && !m.Finished && !m.Started.IsZero() {
		fmt.Fprintf(os.Stderr, "gavel bot: stopped during a meeting; it stays in the journal (%s) and resumes on the next start\n", rec.JournalPath())
	}
	return nil
}

// botEvent is the one path from IRC into the recorder.
func botEvent(rec *recorder.Recorder, channel string, log *slog.Logger, ev ircconn.Event) {
	switch ev.Type {
	case ircconn.EventLine:
		if !strings.EqualFold(ev.Channel, channel) {
			return
		}
		if _, err := recordLine(rec, ev); err != nil {
			log.Error("recording a line failed", "err", err, "line", ev.Line)
			fmt.Fprintf(os.Stderr, "gavel bot: %v\n", err)
		}
	case ircconn.EventRoster:
		if strings.EqualFold(ev.Channel, channel) {
			rosterToRecorder(rec, ev)
		}
	case ircconn.EventState:
		recordState(rec, ev)
		msg := "gavel bot: " + ev.State.String()
		switch {
		case ev.State == ircconn.StateDisconnected:
			msg += fmt.Sprintf(" (%v; retry in %s)", ev.Err, ev.RetryIn.Round(1e9))
		case ev.Err != nil:
			msg += fmt.Sprintf(" (%v)", ev.Err)
		}
		fmt.Fprintln(os.Stderr, msg)
	}
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
