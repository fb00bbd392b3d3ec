package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

func init() {
	register(&command{
		name:  "search",
		args:  "QUERY...",
		nargs: atLeast(1),
		summary: `Full-text search across every line said and every minutes item.

QUERY is SQLite FTS5 syntax: words (all must match), "a phrase",
prefix*, a OR b, a NOT b, NEAR(a b, 5). Matching ignores case and accents.
Results are meetings, best first (--sort relevance): matches in decisions,
actions and topics weigh more than chatter, more matching lines rank
higher, newer meetings win ties; terms too common to rank quickly are
shown newest first (as with --sort newest). Under each meeting come its
best matching items and lines. A query FTS5 cannot parse is reported (exit
status 2); --literal quotes every word so any text can be searched for.
--json prints the results as JSON for scripts (text as said: sanitise it
before showing it in a terminal).`,
		run: runSearch,
	})
}

func runSearch(ctx context.Context, v *values, args []string) error {
	sortBy := v.str("sort")
	if sortBy != archive.SortRelevance && sortBy != archive.SortNewest {
		return usageErr(fmt.Errorf("--sort %q: want relevance or newest", sortBy))
	}
	q := strings.Join(args, " ")
	if v.bool("literal") {
		q = archive.QuoteQuery(q)
	}
	a, err := openArchiveDir(v.str("archive"))
	if err != nil {
		return err
	}
	defer a.Close()
	if err := refreshArchive(ctx, a, v.bool("no-update")); err != nil {
		return err
	}
	res, err := a.SearchMeetings(ctx, q, archive.SearchOptions{Sort: sortBy, Meetings: v.int("limit"), PerMeeting: v.int("lines")})
	if errors.Is(err, archive.ErrQuery) {
		return usageErr(fmt.Errorf("%v\n(quote words or phrases with \"...\", or use --literal)", err))
	}
	if err != nil {
		return err
	}
	if v.bool("json") {
		if res.Meetings == nil {
			res.Meetings = []archive.MeetingResult{}
		}
		return printJSON(res)
	}
	tty := isTerminal(stdOut)
	mark := strings.NewReplacer(archive.MarkStart, "", archive.MarkEnd, "")
	if tty {
		mark = strings.NewReplacer(archive.MarkStart, "\x1b[1;7m", archive.MarkEnd, "\x1b[0m")
	}
	if res.TooCommon {
		fmt.Fprintln(errOut, "(too common to rank: newest meetings first)")
	}
	for _, mr := range res.Meetings {
		m := mr.Meeting
		fmt.Fprintf(stdOut, "%s %s %s  %s  [%s]\n", plaintext.Plain(m.Channel), m.Started.Format("2006-01-02 15:04"),
			plaintext.Plain(m.Name), m.Base, matchSummary(mr))
		for _, h := range mr.Hits {
			what := "<" + plaintext.Plain(h.Nick) + ">"
			if h.Kind == "item" {
				what = plaintext.Plain(h.Type) + " (" + plaintext.Plain(h.Nick) + ")"
			}
			fmt.Fprintf(stdOut, "  %5d %s %s %s\n", h.Line, h.Time.Format("15:04"), what, mark.Replace(plaintext.Plain(h.Marked)))
		}
	}
	if len(res.Meetings) == 0 {
		return &exitError{1, errors.New("no matches")}
	}
	return nil
}

// matchSummary says what matched in a meeting: "2 decisions, 5 lines".
func matchSummary(mr archive.MeetingResult) string {
	var parts []string
	for _, c := range []struct {
		n    int
		what string
	}{{mr.Decisions, "decision"}, {mr.Actions, "action"}, {mr.Topics, "topic"}, {mr.Items, "item"}, {mr.Lines, "line"}} {
		switch {
		case c.n == 1:
			parts = append(parts, "1 "+c.what)
		case c.n > 1:
			parts = append(parts, fmt.Sprintf("%d %ss", c.n, c.what))
		}
	}
	return strings.Join(parts, ", ")
}
