package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/gavel-irc/gavel/ircconn"
	"github.com/gavel-irc/gavel/meeting/recorder"
	"github.com/gavel-irc/gavel/tui"
)

func init() {
	register(&command{
		name: "chair",
		summary: `Chair a meeting from the live view.

Connects as you, records every line of the channel (journaled first, so a
crash loses nothing and a restart resumes the meeting), shows the current
topic, chairs, votes, actions and the channel, and turns keys into meeting
commands (Ctrl-X then a letter; ? for help). The minutes render inline at
#endmeeting and are written to the archive.

Settings come from flags, GAVEL_* variables, or $XDG_CONFIG_HOME/gavel/config.toml
(named networks: --network NAME).`,
		run: runChair,
	})
}

func runChair(ctx context.Context, v *values, _ []string) error {
	cf := connFrom(v)
	archiveDir, journalDir, logFile := v.str("archive"), v.str("journal-dir"), v.str("log")
	cfg, err := cf.config()
	if err != nil {
		return usageErr(err)
	}
	style, err := botStyle(v)
	if err != nil {
		return err
	}
	topics, err := readAgenda(v.str("agenda"))
	if err != nil {
		return usageErr(err)
	}
	if err := defaultDirs(&archiveDir, &journalDir); err != nil {
		return err
	}
	if logFile == "" {
		logFile = strings.TrimSuffix(journalDir, "journal") + "chair.log"
	}
	logger, closeLog, err := openLog(logFile, false)
	if err != nil {
		return err
	}
	defer closeLog()

	var prog *tea.Program
	var rec *recorder.Recorder
	cfg.Logger = logger
	var speaker string // last shown
	cfg.HistorySince = func(string) time.Time { return rec.HistorySince() }
	cfg.OnEvent = func(ev ircconn.Event) {
		chairEvent(prog, rec, cf.channel, ev)
		if s := rec.Speaker().String(); s != speaker && (ev.Type == ircconn.EventLine || ev.Type == ircconn.EventRoster) {
			speaker = s
			prog.Send(tui.SpeakerMsg(s))
		}
	}
	id := showIdent(&cfg, recorder.RoleChair, v.bool("quiet"))
	client, err := ircconn.New(cfg)
	if err != nil {
		return usageErr(err)
	}
	rec, err = recorder.Open(recorder.Config{
		Network: cf.network, Channel: cf.channel, BotNick: "", Self: cf.nick, JournalDir: journalDir, Quiet: v.bool("quiet"),
		SetTopic: true, Write: archiveWriter(archiveDir, logger), ArchiveDir: archiveDir, Logger: logger, Ident: id,
		URLBase: style.URLBase, Flavour: style.Flavour, Layout: style.Layout,
		OnJournal: func(st recorder.JournalState) {
			if st.Err != nil {
				prog.Send(tui.JournalMsg{Trouble: troubleText(st)})
			} else {
				prog.Send(tui.JournalMsg{Status: recoveredText(st)})
			}
		},
		OnLate: func(ups []recorder.Update) { sendUpdates(prog, ups) },
	}, client)
	if err != nil {
		return err
	}
	defer closeRecorder(rec, os.Stderr, "gavel chair")

	model := tui.New(tui.Options{Network: cf.network, Channel: cf.channel, Nick: cf.nick, Send: client,
		Agenda: topics, Plain: os.Getenv("NO_COLOR") != "", Dark: true, Clock: time.Now,
		Carryover: carryover(ctx, archiveDir, cf.channel, logger), Style: style})
	// A resumed meeting shows up as it was: replay the journal into the view.
	history, err := rec.History()
	if err != nil {
		return err
	}
	for _, l := range history {
		model.Update(tui.LineMsg{Line: l})
	}
	if d := damageText(rec); d != "" {
		logger.Warn(d)
		fmt.Fprintln(os.Stderr, "gavel chair: "+d)
		model.Update(tui.StatusMsg(d))
	}
	prog = tea.NewProgram(model, tea.WithContext(ctx))

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- client.Run(runCtx) }()
	_, err = prog.Run()
	stop()
	runErr := <-done
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return err
	}
	if runErr != nil && !errors.Is(runErr, context.Canceled) {
		return runErr
	}
	if m := rec.Minutes(); !m.Started.IsZero() && !m.Finished {
		fmt.Fprintf(os.Stderr, "gavel chair: the meeting in %s is still open; its journal %s resumes it next time\n", cf.channel, rec.JournalPath())
	}
	return nil
}

// chairEvent is the one path from IRC into the view: journal and fold
// first (the recorder), then the view gets the line.
func chairEvent(prog *tea.Program, rec *recorder.Recorder, channel string, ev ircconn.Event) {
	switch ev.Type {
	case ircconn.EventLine:
		if !strings.EqualFold(ev.Channel, channel) {
			return
		}
		ups, err := recordLine(rec, ev)
		if err != nil {
			prog.Send(tui.StatusMsg("recording failed: " + err.Error()))
			return
		}
		sendUpdates(prog, ups)
	case ircconn.EventRoster:
		if strings.EqualFold(ev.Channel, channel) {
			prog.Send(tui.RosterMsg{Nicks: rosterToRecorder(rec, ev)})
		}
	case ircconn.EventState:
		recordState(rec, ev)
		msg := tui.ConnMsg{State: ev.State.String(), Nick: ev.Nick}
		if ev.Err != nil {
			msg.Err = ev.Err.Error()
		}
		if ev.State == ircconn.StateDisconnected {
			msg.State = fmt.Sprintf("disconnected (retry in %s)", ev.RetryIn.Round(time.Second))
		}
		prog.Send(msg)
	case ircconn.EventNick:
		prog.Send(tui.ConnMsg{State: "connected", Nick: ev.Nick})
	}
}

// readAgenda reads one topic per non-empty line ("- " / "1. " bullets are
// dropped).
func readAgenda(path string) ([]string, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--agenda: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		t := strings.TrimSpace(sc.Text())
		t = strings.TrimLeft(t, "-*• ")
		if i := strings.IndexAny(t, ".)"); i > 0 && i < 4 && strings.Trim(t[:i], "0123456789") == "" {
			t = strings.TrimSpace(t[i+1:])
		}
		if t != "" {
			out = append(out, t)
		}
	}
	return out, sc.Err()
}

// sendUpdates shows recorded lines in the view, in order (from Record, and
// from the recorder's retries after a journal outage).
func sendUpdates(prog *tea.Program, ups []recorder.Update) {
	for _, u := range ups {
		prog.Send(tui.LineMsg{Line: u.Line})
		if u.Written != nil || u.Err != nil {
			prog.Send(tui.WrittenMsg{Paths: u.Written, Err: u.Err})
		}
	}
}
