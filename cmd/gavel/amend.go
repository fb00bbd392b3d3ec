package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/user"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

func init() {
	register(&command{
		name:  "amend",
		args:  "MEETING",
		nargs: exactly(1),
		summary: `Correct a finished meeting's record, with an audit trail.

The item made by log line N (the line numbers review and the minutes show)
gets new text, a new type (info, idea, agreed, accepted, rejected, action,
link, help) or new owners, or is voided; --redact removes what line N said
(personal data) from the log and from any item it made. Every minutes file
is regenerated with the change marked ("[amended by alice on 2026-01-06:
wrong figure]"), and the archive's index with it: a redacted text is no
longer found by search. The amendment is kept, with who, when and why, in
<meeting>.amendments.jsonl beside the minutes; gavel history shows the
trail. MEETING is the meeting's path in the archive (gavel search --json
prints it) or one of its files.`,
		run: runAmend,
	})
	register(&command{
		name:    "history",
		args:    "MEETING",
		nargs:   exactly(1),
		summary: "Show the amendments made to a meeting's record: who, when, what and why.",
		run:     runHistory,
	})
}

func runAmend(ctx context.Context, v *values, args []string) error {
	am := meeting.Amendment{Line: v.int("line"), Why: v.str("why"), By: v.str("by"), At: time.Now().UTC()}
	ops := 0
	set := func(op meeting.AmendOp) { am.Op = op; ops++ }
	for _, name := range []string{"text", "type", "owners"} {
		if !v.given(name) {
			continue
		}
		switch name {
		case "text":
			set(meeting.AmendText)
			am.Text = v.str("text")
		case "type":
			set(meeting.AmendType)
			am.Type = meeting.ParseItemType(v.str("type"))
		case "owners":
			set(meeting.AmendOwners)
			for _, o := range strings.Split(v.str("owners"), ",") {
				if o = strings.TrimSpace(o); o != "" {
					am.Owners = append(am.Owners, o)
				}
			}
		}
	}
	if v.bool("void") {
		set(meeting.AmendVoid)
	}
	if v.bool("redact") {
		set(meeting.AmendRedact)
	}
	if ops != 1 {
		return usageErr(errors.New("say one change: --text, --type, --owners, --void or --redact"))
	}
	if am.By == "" {
		am.By = "gavel"
		if u, err := user.Current(); err == nil && u.Username != "" {
			am.By = u.Username
		}
	}
	if err := am.Check(); err != nil {
		return usageErr(err)
	}
	a, err := openArchiveDir(v.str("archive"))
	if err != nil {
		return err
	}
	defer a.Close()
	m, err := a.FindMeeting(ctx, args[0])
	if err != nil {
		return err
	}
	done, err := a.Amend(ctx, m, am)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdOut, "%s: %s\n", m.Base, describeAmendment(*done))
	return nil
}

func runHistory(ctx context.Context, v *values, args []string) error {
	a, err := openArchiveDir(v.str("archive"))
	if err != nil {
		return err
	}
	defer a.Close()
	m, err := a.FindMeeting(ctx, args[0])
	if err != nil {
		return err
	}
	trail, err := a.History(m)
	if err != nil {
		return err
	}
	if v.bool("json") {
		if trail == nil {
			trail = []meeting.Amendment{}
		}
		enc := json.NewEncoder(stdOut)
		enc.SetIndent("", "  ")
		return enc.Encode(trail)
	}
	if len(trail) == 0 {
		fmt.Fprintf(stdOut, "%s: no amendments; the record is as recorded\n", m.Base)
		return nil
	}
	fmt.Fprintf(stdOut, "%s: %s\n", m.Base, count(len(trail), "amendment"))
	for _, am := range trail {
		fmt.Fprintf(stdOut, "  %s  %s\n", am.At.UTC().Format("2006-01-02 15:04"), describeAmendment(am))
	}
	return nil
}

// describeAmendment says in one line what an amendment did.
func describeAmendment(am meeting.Amendment) string {
	var what string
	switch am.Op {
	case meeting.AmendText:
		what = fmt.Sprintf("changed the text of line %d from %q to %q", am.Line, am.Old, am.Text)
	case meeting.AmendType:
		what = fmt.Sprintf("changed line %d from %s to %s", am.Line, am.Old, am.Type)
	case meeting.AmendOwners:
		what = fmt.Sprintf("set the owners of line %d to %s (were %s)", am.Line, orNone(strings.Join(am.Owners, ",")), orNone(am.Old))
	case meeting.AmendVoid:
		what = fmt.Sprintf("voided the item at line %d", am.Line)
	case meeting.AmendRedact:
		what = fmt.Sprintf("redacted line %d", am.Line)
	}
	return fmt.Sprintf("%s %s — %s", plaintext.Plain(am.By), plaintext.Plain(what), plaintext.Plain(am.Why))
}

func orNone(s string) string {
	if s == "" {
		return "UNASSIGNED"
	}
	return s
}
