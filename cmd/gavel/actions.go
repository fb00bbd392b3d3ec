package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/user"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

func init() {
	register(&command{
		name: "actions",
		summary: `Follow action items across meetings.

An action item is the same item across the meetings of a series (same
channel and meeting name) when its text (ignoring case, spaces and
punctuation) and its owners are the same: recording it again in a later
meeting keeps it open. An item is closed:
  - by hand: gavel actions --done ID (or 'd' in gavel review's Actions
    view); kept in <archive>/.gavel-actions.json;
  - in a later meeting of the series, by a line
        #done <text of the item>        or   #done <ID>
        #action done: <text of the item>
Recorded again after its closing, an item is open again; --reopen ID (or
'u' in gavel review) undoes a closing by hand or by a #done line.

Items are listed newest first (by first mention), at most --limit of
them (100 by default); a closing line on stderr says how many more
match: --limit N lists more, --limit 0 all of them. --json lists every
match unless --limit is given, one item at a time (an archive of any size
streams in constant memory).

--last '#c' prints the items of the previous meeting of that series
(with --name, of that name; else the channel's latest meeting) that are
still open, as #info/#action lines ready to paste into the next meeting.`,
		run: runActions,
	})
}

func runActions(ctx context.Context, v *values, _ []string) error {
	done, reopen, last, name := v.str("done"), v.str("reopen"), v.str("last"), v.str("name")
	a, err := openArchiveDir(v.str("archive"))
	if err != nil {
		return err
	}
	defer a.Close()
	if err := refreshArchive(ctx, a, v.bool("no-update")); err != nil {
		return err
	}
	switch {
	case done != "" || reopen != "":
		by := "gavel"
		if u, err := user.Current(); err == nil && u.Username != "" {
			by = u.Username
		}
		set, id, verb := a.MarkDone, done, "closed"
		if reopen != "" {
			set, id, verb = a.Reopen, reopen, "reopened"
		}
		ac, err := set(ctx, id, by, time.Now())
		if errors.Is(err, archive.ErrNoAction) {
			return &exitError{1, err}
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdOut, "%s %s: %s\n", verb, ac.ID, plaintext.Plain(ac.Text))
		return nil
	case last != "":
		m, acts, err := a.OpenSinceLast(ctx, archive.NormChannel(last), name, time.Time{})
		if err != nil {
			return err
		}
		if m == nil {
			return &exitError{1, fmt.Errorf("no meeting of %s in the archive", plaintext.Plain(last))}
		}
		if v.bool("json") {
			return printJSON(struct {
				Meeting *archive.Meeting `json:"meeting"`
				Open    []archive.Action `json:"open"`
			}{m, nonNil(acts)})
		}
		for _, l := range archive.PasteLines(m, acts) {
			fmt.Fprintln(stdOut, l)
		}
		return nil
	}
	f := archive.ActionFilter{Who: v.str("who"), Channel: archive.NormChannel(v.str("channel")), Name: name, Open: v.bool("open"),
		Newest: true, Limit: max(v.int("limit"), 0)}
	if v.bool("json") {
		// JSON is for programs: every item unless a limit is given.
		if !v.given("limit") {
			f.Limit = 0
		}
		return streamJSON(ctx, a, f)
	}
	// Buffered: a line per write would be a system call per item.
	w := bufio.NewWriter(stdOut)
	n := 0
	err = a.EachAction(ctx, f, func(ac *archive.Action) error {
		n++
		_, err := printAction(w, ac)
		return err
	})
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil || f.Limit == 0 || n < f.Limit {
		return err
	}
	// As many as the limit: say how many more there are (counted on the
	// same index, cheap) and how to see them.
	total, err := a.CountActions(ctx, f)
	if err != nil {
		return err
	}
	if more := total - n; more > 0 {
		fmt.Fprintln(errOut, moreLine(more))
	}
	return nil
}

// moreLine is the closing line of a listing cut at its limit.
func moreLine(more int) string {
	items := "items match"
	if more == 1 {
		items = "item matches"
	}
	return fmt.Sprintf("… %d more %s: --limit N to list more, --limit 0 for all", more, items)
}

// printAction prints one item as a line.
func printAction(w io.Writer, ac *archive.Action) (int, error) {
	status := "open"
	if ac.Done {
		status = "done"
	}
	owners := strings.Join(ac.Owners, ",")
	if owners == "" {
		owners = "UNASSIGNED"
	}
	span := ac.First.Format("2006-01-02")
	if ac.Meetings > 1 {
		span += fmt.Sprintf("..%s (%d meetings)", ac.Last.Format("2006-01-02"), ac.Meetings)
	}
	return fmt.Fprintf(w, "%s  %-4s  %s %s  %s  %s  [%s]\n", ac.ID, status, plaintext.Plain(ac.Channel), plaintext.Plain(ac.Name),
		plaintext.Plain(owners), plaintext.Plain(ac.Text), span)
}

// streamJSON prints the items as one JSON array, as printJSON would,
// one item at a time: all of them never sit in memory.
func streamJSON(ctx context.Context, a *archive.Archive, f archive.ActionFilter) error {
	w := bufio.NewWriter(stdOut)
	sep := "[\n  "
	err := a.EachAction(ctx, f, func(ac *archive.Action) error {
		b, err := json.MarshalIndent(ac, "  ", "  ")
		if err != nil {
			return err
		}
		w.WriteString(sep)
		sep = ",\n  "
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	if sep == "[\n  " {
		w.WriteString("[]\n")
	} else {
		w.WriteString("\n]\n")
	}
	return w.Flush()
}

func nonNil(a []archive.Action) []archive.Action {
	if a == nil {
		return []archive.Action{}
	}
	return a
}

func printJSON(v any) error {
	enc := json.NewEncoder(stdOut)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
