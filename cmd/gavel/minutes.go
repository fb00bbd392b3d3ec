package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"strings"
	"sync"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
	"github.com/gavel-irc/gavel/meeting/minutes"
	"github.com/gavel-irc/gavel/meeting/store"
)

func init() {
	register(&command{
		name:  "minutes",
		args:  "LOG...",
		nargs: atLeast(1),
		summary: `Regenerate meeting minutes from raw logs.

Reads MeetBot .log.txt/.log.html, irssi and WeeChat logs (detected
automatically; non-UTF-8 lines are read as Latin-1). Without --out, one
format goes to stdout (Markdown by default). With --out, every requested
format is written in zodbot's layout, DIR/<channel>/<YYYY-MM-DD>/<name>.<YYYY-MM-DD-HH.MM>.<ext>,
or the --layout given. --flavour names meetings and writes the .txt and
.html as that bot does.
Several logs are processed in parallel; a log with several meetings gives
minutes for each. A log that stops before #endmeeting still gives minutes,
marked unfinished.`,
		run: runMinutes,
	})
}

// minutesJob is one log's result, kept in argument order.
type minutesJob struct {
	path string
	out  bytes.Buffer // stdout part
	msgs []string     // stderr lines
	err  error
}

func runMinutes(ctx context.Context, v *values, args []string) error {
	out, channel, name := v.str("out"), v.str("channel"), v.str("name")
	formats, err := parseFormats(v.str("format"))
	if err != nil {
		return usageErr(err)
	}
	if len(formats) > 1 && out == "" {
		return usageErr(errors.New("--format all writes several files: give --out DIR"))
	}
	opts, err := importOptions(v.str("date"))
	if err != nil {
		return usageErr(err)
	}
	style, err := botStyle(v)
	if err != nil {
		return err
	}
	opts.Context = ctx // Ctrl-C stops every reader within one buffer
	oneShotMemory()
	jobs := make([]*minutesJob, len(args))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, path := range args {
		jobs[i] = &minutesJob{path: path}
		wg.Add(1)
		go func(j *minutesJob) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			j.err = minutesFor(j, opts, style, channel, name, formats, out)
			if j.err != nil && !errors.Is(j.err, errNoMeeting) {
				j.err = fmt.Errorf("%s: %w", j.path, unwrapPath(j.err))
			}
		}(jobs[i])
	}
	wg.Wait()
	if ctx.Err() != nil {
		return stopped(ctx, nil)
	}
	failed := 0
	for _, j := range jobs {
		stdOut.Write(j.out.Bytes())
		for _, m := range j.msgs {
			fmt.Fprintln(errOut, m)
		}
		if j.err != nil {
			fmt.Fprintf(errOut, "gavel minutes: %v\n", j.err)
			failed++
		}
	}
	if failed > 0 {
		return &exitError{1, fmt.Errorf("%d of %s failed", failed, count(len(jobs), "log"))}
	}
	return nil
}

func parseFormats(s string) ([]minutes.Format, error) {
	if s == "all" {
		return minutes.AllFormats, nil
	}
	var out []minutes.Format
	for _, part := range strings.Split(s, ",") {
		f, err := minutes.ParseFormat(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// minutesFor imports one log, folds it and renders or writes its minutes.
// style carries the flavour, layout and URL base (botStyle).
func minutesFor(j *minutesJob, opts importer.Options, style meeting.Config, channel, name string, formats []minutes.Format, outDir string) error {
	f, err := importer.OpenFile(j.path, opts)
	if err != nil {
		return err
	}
	defer f.Close()
	if channel == "" {
		channel = importer.ChannelFromPath(j.path)
	}
	style.Channel, style.Name, style.ReadBack = channel, name, true
	s := meeting.NewSession(style)
	// Parsing runs ahead on another core while this one folds.
	for l := range f.Prefetched() {
		s.Apply(l)
	}
	if err := f.Err(); err != nil {
		return err
	}
	ms := s.Meetings()
	if len(ms) == 0 {
		return fmt.Errorf("%w in %s (no #startmeeting)", errNoMeeting, j.path)
	}
	if u := f.Unparsed(); u.Count > 0 {
		j.msgs = append(j.msgs, fmt.Sprintf("gavel minutes: %s: %s could not be read as log lines; they are not in the minutes", j.path, u))
	}
	if !f.DateKnown() {
		if outDir != "" {
			return errors.New("no date in the log or its name: give it with --date YYYY-MM-DD (the minutes would be filed under 1970-01-01)")
		}
		j.msgs = append(j.msgs, fmt.Sprintf("gavel minutes: %s: no date in the log or its name; the minutes say %s: give --date YYYY-MM-DD",
			j.path, ms[0].Started().Format("2006-01-02")))
	}
	for i, m := range ms {
		if !m.Ended() {
			j.msgs = append(j.msgs, fmt.Sprintf("gavel minutes: %s: the log ends before #endmeeting; minutes are marked unfinished", j.path))
		}
		if outDir != "" {
			paths, err := store.WriteMeeting(outDir, m, formats)
			if err != nil {
				return err
			}
			for _, p := range paths {
				fmt.Fprintln(&j.out, p)
			}
			continue
		}
		if i > 0 && formats[0] == minutes.FormatMarkdown {
			j.out.WriteString("\n---\n\n")
		}
		if err := minutes.Render(io.Writer(&j.out), formats[0], m.Minutes()); err != nil {
			return err
		}
	}
	return nil
}

// errNoMeeting is a log without #startmeeting.
var errNoMeeting = errors.New("no meeting found")

// unwrapPath drops the "open PATH:" of a file error: the message already
// starts with the path.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
