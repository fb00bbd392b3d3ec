package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/meeting/minutes"
)

func init() {
	register(&subcommand{
		name: "search",
		args: "[--archive DIR] [--json] [--limit N] QUERY...",
		summary: `Full-text search across every line said and every minutes item.

QUERY is SQLite FTS5 syntax: words (all must match), "a phrase",
prefix*, a OR b, a NOT b, NEAR(a b, 5). Matching ignores case and accents.
Minutes items come first, then lines, newest meeting first. A query FTS5
cannot parse is reported (exit status 2); --literal quotes every word so
any text can be searched for. --json prints one JSON array of hits for
scripts (text as said: sanitise it before showing it in a terminal).`,
		run: runSearch,
	})
}

func runSearch(ctx context.Context, fs *flag.FlagSet, args []string) error {
	dir := archiveFlag(fs)
	asJSON := fs.Bool("json", false, "print the hits as JSON")
	limit := fs.Int("limit", 50, "at most this many hits")
	literal := fs.Bool("literal", false, "search for the words as typed (no FTS5 operators)")
	noUpdate := fs.Bool("no-update", false, "do not bring the index up to date with the files first")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	q := strings.Join(fs.Args(), " ")
	if *literal {
		q = archive.QuoteQuery(q)
	}
	a, err := openArchiveDir(*dir)
	if err != nil {
		return err
	}
	defer a.Close()
	if !*noUpdate {
		if _, err := a.Update(ctx, nil); err != nil {
			return err
		}
	}
	hits, err := a.Search(ctx, q, *limit)
	if errors.Is(err, archive.ErrQuery) {
		return &exitError{2, fmt.Errorf("%v\n(quote words or phrases with \"...\", or use --literal)", err)}
	}
	if err != nil {
		return err
	}
	if *asJSON {
		if hits == nil {
			hits = []archive.Hit{}
		}
		enc := json.NewEncoder(stdOut)
		enc.SetIndent("", "  ")
		return enc.Encode(hits)
	}
	tty := isTerminal(stdOut)
	mark := strings.NewReplacer(archive.MarkStart, "", archive.MarkEnd, "")
	if tty {
		mark = strings.NewReplacer(archive.MarkStart, "\x1b[1;7m", archive.MarkEnd, "\x1b[0m")
	}
	for _, h := range hits {
		what := "<" + minutes.Plain(h.Nick) + ">"
		if h.Kind == "item" {
			what = minutes.Plain(h.Type) + " (" + minutes.Plain(h.Nick) + ")"
		}
		fmt.Fprintf(stdOut, "%s %s %s:%d  %s %s %s\n", minutes.Plain(h.Channel), h.Started.Format("2006-01-02"),
			minutes.Plain(h.Name), h.Line, h.Time.Format("15:04"), what, mark.Replace(minutes.Plain(h.Marked)))
	}
	if len(hits) == 0 {
		fmt.Fprintln(errOut, "no matches")
		return &exitError{1, errors.New("no matches")}
	}
	return nil
}
