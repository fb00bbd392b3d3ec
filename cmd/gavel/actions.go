package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	acts, err := a.Actions(ctx, archive.ActionFilter{Who: v.str("who"), Channel: archive.NormChannel(v.str("channel")), Name: name, Open: v.bool("open"), Limit: v.int("limit")})
	if err != nil {
		return err
	}
	if v.bool("json") {
		return printJSON(nonNil(acts))
	}
	for _, ac := range acts {
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
		fmt.Fprintf(stdOut, "%s  %-4s  %s %s  %s  %s  [%s]\n", ac.ID, status, plaintext.Plain(ac.Channel), plaintext.Plain(ac.Name),
			plaintext.Plain(owners), plaintext.Plain(ac.Text), span)
	}
	return nil
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
