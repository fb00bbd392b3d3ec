package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
	"github.com/gavel-irc/gavel/tui"
	"github.com/gavel-irc/gavel/tui/palette"
)

func init() {
	register(&command{
		name:  "replay",
		args:  "LOG",
		nargs: exactly(1),
		summary: `Play a meeting log through the live chair view, no server needed.

Any log gavel reads works (MeetBot .log.txt/.log.html, irssi, WeeChat).
The input line shows what the chair typed before each command lands.
Keys: space pause, → next line, +/- speed, m minutes, ? help, q quit.`,
		run: runReplay,
	})
	register(&command{
		name:    "demo",
		summary: "Play a bundled sample meeting in the live chair view (no server, no config).",
		run:     runDemo,
	})
}

func runReplay(ctx context.Context, v *values, args []string) error {
	opts, err := importOptions(v.str("date"))
	if err != nil {
		return usageErr(err)
	}
	f, err := importer.OpenFile(args[0], opts)
	if err != nil {
		return err
	}
	defer f.Close()
	lines, err := readAll(f.Reader)
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	channel := v.str("channel")
	if channel == "" {
		channel = importer.ChannelFromPath(args[0])
	}
	return play(ctx, lines, channel, v.float("speed"))
}

func runDemo(ctx context.Context, v *values, _ []string) error {
	d, _ := time.Parse(time.DateOnly, tui.DemoDate)
	lines, err := readAll(importer.New(bytes.NewReader(tui.DemoLog), importer.Options{Date: d}))
	if err != nil {
		return err
	}
	return play(ctx, lines, "#gavel-demo", v.float("speed"))
}

func importOptions(date string) (importer.Options, error) {
	var o importer.Options
	if date != "" {
		d, err := time.Parse(time.DateOnly, date)
		if err != nil {
			return o, fmt.Errorf("--date %q: want YYYY-MM-DD", date)
		}
		o.Date = d
	}
	return o, nil
}

func readAll(r *importer.Reader) ([]meeting.Line, error) {
	var lines []meeting.Line
	for r.Next() {
		lines = append(lines, r.Line())
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, errors.New("no log lines found")
	}
	return lines, nil
}

// play runs the chair view over recorded lines.
func play(ctx context.Context, lines []meeting.Line, channel string, speed float64) error {
	m := tui.New(tui.Options{Channel: channel, Replay: tui.NewReplay(lines, speed, 1500*time.Millisecond),
		Plain: palette.NoColor(os.Environ()), Dark: true})
	_, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
