package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/tui"
)

func init() {
	register(&command{
		name:  "import",
		args:  "PATH...",
		nargs: atLeast(1),
		summary: `Bring existing meeting logs into the archive.

Reads MeetBot .log.txt/.log.html, irssi and WeeChat logs (detected
automatically); directories are walked (hidden files, symbolic links and
the minutes files beside a MeetBot log are skipped). Each meeting is folded
again and written into the archive in zodbot's layout —
<channel>/<YYYY-MM-DD>/<name>.<YYYY-MM-DD-HH.MM>.{md,json,txt,html,log.txt,log.html}
— and indexed. A bad file is reported and skipped; the run goes on (exit
status 1 when any file failed). Importing the same logs again changes
nothing. The channel is guessed from each path (<channel>/<date>/… as in
MeetBot archives, else the file name) unless --channel is given.

To index a mirror of a MeetBot archive where it is, point --archive at it
and run 'gavel index' instead.`,
		run: runImport,
	})
}

// openArchiveDir opens the archive and tells the user what Open had to
// do (a damaged index set aside and rebuilt, a read-only index).
func openArchiveDir(dir string) (*archive.Archive, error) {
	if dir == "" {
		dir = archive.DefaultDir()
	}
	a, err := archive.Open(expand(dir))
	if err == nil && a.Notice != "" {
		fmt.Fprintln(errOut, "gavel:", a.Notice)
	}
	return a, err
}

// refreshArchive is the cheap check before answering from the index (see
// archive.Refresh), unless the user asked for none.
func refreshArchive(ctx context.Context, a *archive.Archive, skip bool) error {
	if skip {
		return nil
	}
	st, err := a.Refresh(ctx)
	if err == nil && st.Deferred {
		fmt.Fprintln(errOut, "gavel: an import is writing to this archive; what it has not indexed yet is not in this answer")
	}
	return err
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

func runImport(ctx context.Context, v *values, args []string) error {
	io, err := importOptions(v.str("date"))
	if err != nil {
		return usageErr(err)
	}
	style, err := botStyle(v)
	if err != nil {
		return err
	}
	opts := archive.ImportOptions{Channel: v.str("channel"), Name: v.str("name"), Date: io.Date, Flavour: style.Flavour, Layout: style.Layout}
	a, err := openArchiveDir(v.str("archive"))
	if err != nil {
		return err
	}
	defer a.Close()
	bar := tui.NewProgressLine(errOut, !v.bool("quiet") && isTerminal(errOut), true)
	indexed := 0 // Import calls Progress from one goroutine at a time
	opts.Progress = func(p archive.Progress) {
		if p.Phase == "index" {
			indexed = p.Done
			return
		}
		bar.Update(p.Done, p.Total, "files", fmt.Sprintf("%d meetings indexed", indexed))
	}
	t0 := time.Now()
	st, err := a.Import(ctx, args, opts)
	bar.Finish()
	if st != nil {
		for _, e := range st.Errors {
			if !cutShort(ctx, e.Err) {
				fmt.Fprintf(errOut, "gavel import: skipped %s: %v\n", e.Path, e.Err)
			}
		}
		for _, e := range st.Notes {
			fmt.Fprintf(errOut, "gavel import: %s: %v\n", e.Path, e.Err)
		}
		for _, e := range st.Index.Errors {
			fmt.Fprintf(errOut, "gavel import: not indexed %s: %v\n", e.Path, e.Err)
		}
		fmt.Fprintf(stdOut, "%s read, %s imported (%d new, %d changed, %d unchanged), %s skipped, in %s\n",
			count(st.Files, "file"), count(st.Meetings, "meeting"), st.Index.Added, st.Index.Changed, st.Index.Unchanged,
			count(len(st.Errors), "file"), time.Since(t0).Round(time.Millisecond))
		fmt.Fprintf(stdOut, "archive %s: %s, index %s\n", a.Dir, count(st.Index.Meetings, "meeting"), humanBytes(a.IndexSize()))
	}
	if err != nil {
		return stopped(ctx, err)
	}
	if len(st.Errors)+len(st.Index.Errors) > 0 {
		return &exitError{1, fmt.Errorf("%s could not be imported (named above)", count(len(st.Errors)+len(st.Index.Errors), "file"))}
	}
	return nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
