package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/gavel-irc/gavel/ircconn"
	"github.com/gavel-irc/gavel/meeting/recorder"
	"github.com/gavel-irc/gavel/tui"
	"github.com/gavel-irc/gavel/tui/palette"
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
	topics, err := readAgenda(v.str("agenda"))
	if err != nil {
		return usageErr(err)
	}
	if err := defaultDirs(&archiveDir, &journalDir); err != nil {
		return err
	}
	if err := preflight(cf, archiveDir, journalDir); err != nil {
		return err
	}
	if err := resolvable(ctx, cfg.Server); err != nil {
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

	style, err := botStyle(v)
	if err != nil {
		return err
	}
	cfg.Logger = logger
	view := newViewQueue()
	front := &chairFront{view: view, early: make(chan ircconn.Event, 64)}
	quiet := v.bool("quiet")
	r, err := openRecording(cfg, recorder.Config{
		Network: cf.network, Channel: cf.channel, BotNick: "", Self: cf.nick, JournalDir: journalDir, Quiet: quiet,
		SetTopic: true, Write: archiveWriter(archiveDir, logger), ArchiveDir: archiveDir, Logger: logger,
		URLBase: style.URLBase, Flavour: style.Flavour, Layout: style.Layout,
	}, recorder.RoleChair, front)
	if err != nil {
		return err
	}
	rec := r.rec
	defer closeRecorder(rec, os.Stderr, "gavel chair")

	model := tui.New(tui.Options{Network: cf.network, Channel: cf.channel, Nick: cf.nick, Send: r.client,
		Agenda: topics, Plain: palette.NoColor(os.Environ()), Dark: true, Clock: time.Now,
		LoadCarryover: func() []string { return carryover(ctx, archiveDir, cf.channel, logger) }, Style: style})
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

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- r.client.Run(runCtx) }()
	// Connect first, on the plain terminal: a refused password, an
	// untrusted certificate or a failing password command is said here,
	// not behind a full screen. What arrives meanwhile waits in the queue.
	if err := waitConnected(ctx, front.early, done, cf.server, errOut); err != nil {
		stop()
		return err
	}
	front.opened()
	if ctx.Err() != nil {
		stop()
		return <-done
	}
	prog := tea.NewProgram(model, tea.WithContext(ctx))
	go view.run(prog)
	_, err = prog.Run()
	view.close()
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

// waitConnected reports on the plain terminal until the first connection
// is registered. A final error (SASL refused, untrusted certificate, the
// password source failing) ends the wait with that error; a dropped
// attempt is said and retried; Ctrl-C gives up.
func waitConnected(ctx context.Context, early <-chan ircconn.Event, done <-chan error, server string, w io.Writer) error {
	said := false
	for {
		select {
		case ev := <-early:
			switch ev.State {
			case ircconn.StateConnecting:
				if !said {
					fmt.Fprintf(w, "gavel chair: connecting to %s…\n", server)
					said = true
				}
			case ircconn.StateConnected:
				return nil
			case ircconn.StateDisconnected:
				fmt.Fprintf(w, "gavel chair: could not connect to %s (%v); retrying in %s — Ctrl-C gives up\n",
					server, ev.Err, ev.RetryIn.Round(time.Second))
			case ircconn.StateFailed:
				return <-done
			}
		case err := <-done:
			if err == nil {
				err = errors.New("the connection stopped before it was made")
			}
			return err
		case <-ctx.Done():
			return nil
		}
	}
}

// chairFront is the chair's front end: the live view (through a queue,
// so IRC never waits for the screen) and, until the screen opens, the
// connection events waitConnected reads.
type chairFront struct {
	view *viewQueue
	mu   sync.Mutex
	// early gets connection state events until the screen opens.
	early chan ircconn.Event
}

// opened stops feeding connection events to waitConnected.
func (c *chairFront) opened() {
	c.mu.Lock()
	c.early = nil
	c.mu.Unlock()
}

func (c *chairFront) recorded(ups []recorder.Update) {
	for _, u := range ups {
		c.view.send(tui.LineMsg{Line: u.Line})
		if u.Written != nil || u.Err != nil {
			c.view.send(tui.WrittenMsg{Paths: u.Written, Err: u.Err})
		}
	}
}

func (c *chairFront) failed(err error) {
	c.view.send(tui.StatusMsg("recording failed: " + err.Error()))
}

func (c *chairFront) roster(nicks []string) { c.view.send(tui.RosterMsg{Nicks: nicks}) }

func (c *chairFront) speaker(s string) { c.view.send(tui.SpeakerMsg(s)) }

func (c *chairFront) journal(st recorder.JournalState) {
	if st.Err != nil {
		c.view.send(tui.JournalMsg{Trouble: troubleText(st)})
	} else {
		c.view.send(tui.JournalMsg{Status: recoveredText(st)})
	}
}

func (c *chairFront) conn(ev ircconn.Event) {
	if ev.Type == ircconn.EventNick {
		c.view.send(tui.ConnMsg{State: tui.ConnConnected, Nick: ev.Nick})
		return
	}
	c.mu.Lock()
	if c.early != nil {
		select {
		case c.early <- ev:
		default: // waitConnected has stopped reading
		}
	}
	c.mu.Unlock()
	c.view.send(connMsg(ev, time.Now()))
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

// connMsg is a connection event as the view's typed state.
func connMsg(ev ircconn.Event, now time.Time) tui.ConnMsg {
	msg := tui.ConnMsg{Nick: ev.Nick}
	switch ev.State {
	case ircconn.StateConnecting:
		msg.State = tui.ConnConnecting
	case ircconn.StateConnected:
		msg.State = tui.ConnConnected
	case ircconn.StateDisconnected:
		msg.State, msg.RetryAt = tui.ConnDisconnected, now.Add(ev.RetryIn)
	case ircconn.StateFailed:
		msg.State = tui.ConnFailed
	case ircconn.StateStopped:
		msg.State = tui.ConnStopped
	}
	if ev.Err != nil {
		msg.Err = ev.Err.Error()
	}
	return msg
}
