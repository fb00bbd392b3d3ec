package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
	"github.com/gavel-irc/gavel/tui"
)

func init() {
	register(&subcommand{
		name: "replay",
		args: "[--speed N] [--channel C] [--date YYYY-MM-DD] LOG",
		summary: `Play a meeting log through the live chair view, no server needed.

Any log gavel reads works (MeetBot .log.txt/.log.html, irssi, WeeChat).
The input line shows what the chair typed before each command lands.
Keys: space pause, → next line, +/- speed, m minutes, ? help, q quit.`,
		run: runReplay,
	})
	register(&subcommand{
		name:    "demo",
		args:    "[--speed N]",
		summary: "Play a bundled sample meeting in the live chair view (no server, no config).",
		run:     runDemo,
	})
}

func runReplay(ctx context.Context, fs *flag.FlagSet, args []string) error {
	speed := fs.Float64("speed", 10, "playback speed: N times real time")
	channel := fs.String("channel", "", "channel name to show (default: guessed from the file name)")
	date := fs.String("date", "", "meeting date YYYY-MM-DD for logs that carry only times")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	opts, err := importOptions(*date)
	if err != nil {
		return &exitError{2, err}
	}
	f, err := importer.OpenFile(fs.Arg(0), opts)
	if err != nil {
		return err
	}
	defer f.Close()
	lines, err := readAll(f.Reader)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	if *channel == "" {
		*channel = importer.ChannelFromPath(fs.Arg(0))
	}
	return play(ctx, lines, *channel, *speed)
}

func runDemo(ctx context.Context, fs *flag.FlagSet, args []string) error {
	speed := fs.Float64("speed", 25, "playback speed: N times real time")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	d, _ := time.Parse(time.DateOnly, tui.DemoDate)
	lines, err := readAll(importer.New(bytes.NewReader(tui.DemoLog), importer.Options{Date: d}))
	if err != nil {
		return err
	}
	return play(ctx, lines, "#gavel-demo", *speed)
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
		Plain: os.Getenv("NO_COLOR") != "", Dark: true})
	_, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
