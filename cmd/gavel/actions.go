package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os/user"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/meeting/minutes"
)

func init() {
	register(&subcommand{
		name: "actions",
		args: "[--archive DIR] [--who NICK] [--channel C] [--name N] [--open] [--limit N] [--json] | --done ID | --reopen ID | --last '#c'",
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

func runActions(ctx context.Context, fs *flag.FlagSet, args []string) error {
	dir := archiveFlag(fs)
	who := fs.String("who", "", "only items owned by this nick")
	channel := fs.String("channel", "", "only this channel")
	name := fs.String("name", "", "only this meeting name")
	open := fs.Bool("open", false, "only open items")
	asJSON := fs.Bool("json", false, "print JSON")
	done := fs.String("done", "", "close the item with this ID (or a unique prefix)")
	reopen := fs.String("reopen", "", "open again the item with this ID (undo a closing)")
	limit := fs.Int("limit", 0, "at most this many items (0: all)")
	last := fs.String("last", "", "open items from the previous meeting of this channel's series, ready to paste")
	noUpdate := fs.Bool("no-update", false, "do not check the archive for files added by hand first")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	a, err := openArchiveDir(*dir)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := refreshArchive(ctx, a, *noUpdate); err != nil {
		return err
	}
	switch {
	case *done != "" || *reopen != "":
		by := "gavel"
		if u, err := user.Current(); err == nil && u.Username != "" {
			by = u.Username
		}
		set, id, verb := a.MarkDone, *done, "closed"
		if *reopen != "" {
			set, id, verb = a.Reopen, *reopen, "reopened"
		}
		ac, err := set(ctx, id, by, time.Now())
		if errors.Is(err, archive.ErrNoAction) {
			return &exitError{1, err}
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdOut, "%s %s: %s\n", verb, ac.ID, minutes.Plain(ac.Text))
		return nil
	case *last != "":
		m, acts, err := a.OpenSinceLast(ctx, archive.NormChannel(*last), *name, time.Time{})
		if err != nil {
			return err
		}
		if m == nil {
			return &exitError{1, fmt.Errorf("no meeting of %s in the archive", minutes.Plain(*last))}
		}
		if *asJSON {
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
	acts, err := a.Actions(ctx, archive.ActionFilter{Who: *who, Channel: archive.NormChannel(*channel), Name: *name, Open: *open, Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
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
		fmt.Fprintf(stdOut, "%s  %-4s  %s %s  %s  %s  [%s]\n", ac.ID, status, minutes.Plain(ac.Channel), minutes.Plain(ac.Name),
			minutes.Plain(owners), minutes.Plain(ac.Text), span)
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
