package main

import (
	"context"
	"fmt"
	"time"

	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/tui"
)

func init() {
	register(&command{
		name: "index",
		summary: `Bring the archive's search index up to date with its files.

The index (<archive>/.gavel-index.sqlite) is built from each meeting's
.json minutes and .log.txt log, or from the .log.txt/.log.html alone (a
mirror of a MeetBot archive indexes too). Only new or changed files are
read; meetings whose files are gone are dropped. --rebuild throws the index
away and builds it again from the files (closings of action items made by
hand live in <archive>/.gavel-actions.json and are kept).`,
		run: runIndex,
	})
}

func runIndex(ctx context.Context, v *values, _ []string) error {
	a, err := openArchiveDir(v.str("archive"))
	if err != nil {
		return err
	}
	defer a.Close()
	bar := tui.NewProgressLine(errOut, isTerminal(errOut), true)
	progress := func(p archive.Progress) { bar.Update(p.Done, p.Total, "meetings", "") }
	t0 := time.Now()
	var st *archive.UpdateStats
	if v.bool("rebuild") {
		st, err = a.Rebuild(ctx, progress)
	} else {
		st, err = a.Update(ctx, progress)
	}
	bar.Finish()
	if st != nil {
		for _, e := range st.Errors {
			if !cutShort(ctx, e.Err) {
				fmt.Fprintf(errOut, "gavel index: skipped %s: %v\n", e.Path, e.Err)
			}
		}
		fmt.Fprintf(stdOut, "%s: %d new, %d changed, %d removed, %d unchanged, %d skipped, in %s\n",
			count(st.Meetings, "meeting"), st.Added, st.Changed, st.Removed, st.Unchanged, len(st.Errors), time.Since(t0).Round(time.Millisecond))
		fmt.Fprintf(stdOut, "index %s: %s\n", a.IndexPath(), humanBytes(a.IndexSize()))
	}
	if err != nil || ctx.Err() != nil {
		return stopped(ctx, err)
	}
	if len(st.Errors) > 0 {
		return &exitError{1, fmt.Errorf("%s could not be indexed (named above)", count(len(st.Errors), "meeting"))}
	}
	return nil
}
