package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/meeting/archive"
)

// actionsArchive is an archive of one meeting with seven action items,
// item0 … item6 in the order they were recorded; bob owns the even ones.
func actionsArchive(t *testing.T) string {
	t.Helper()
	logs := t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "15:00:00 <alice> #startmeeting\n15:00:01 <alice> #meetingname infra\n15:00:02 <bob> hi\n15:00:03 <carol> hello\n")
	for i := range 7 {
		who := "carol"
		if i%2 == 0 {
			who = "bob"
		}
		fmt.Fprintf(&b, "15:%02d:00 <alice> #action %s item%d\n", i+1, who, i)
	}
	fmt.Fprintf(&b, "15:30:00 <alice> #endmeeting\n")
	if err := os.WriteFile(filepath.Join(logs, "team.2026-03-02-15.00.log.txt"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	arch := filepath.Join(t.TempDir(), "archive")
	if code, out, errs := gavel(t, "import", "--archive", arch, logs); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	return arch
}

// The listing is newest first and stops at --limit (100 by default),
// with a closing line on stderr saying how many more match; --json lists
// every item unless given a limit.
func TestActionsLimit(t *testing.T) {
	arch := actionsArchive(t)
	for _, tc := range []struct {
		name  string
		args  []string
		items []int  // the items listed, in order
		more  string // the closing line, "" for none
	}{
		{"default limit", nil, []int{6, 5, 4, 3, 2, 1, 0}, ""},
		{"cut", []string{"--limit", "3"}, []int{6, 5, 4}, "… 4 more items match: --limit N to list more, --limit 0 for all\n"},
		{"one more", []string{"--limit", "6"}, []int{6, 5, 4, 3, 2, 1}, "… 1 more item matches: --limit N to list more, --limit 0 for all\n"},
		{"exactly the limit", []string{"--limit", "7"}, []int{6, 5, 4, 3, 2, 1, 0}, ""},
		{"all", []string{"--limit", "0"}, []int{6, 5, 4, 3, 2, 1, 0}, ""},
		{"owner, cut", []string{"--who", "BOB", "--limit", "2"}, []int{6, 4}, "… 2 more items match: --limit N to list more, --limit 0 for all\n"},
		{"owner, open", []string{"--who", "carol", "--open"}, []int{5, 3, 1}, ""},
		{"json, all", []string{"--json"}, []int{6, 5, 4, 3, 2, 1, 0}, ""},
		{"json, cut", []string{"--json", "--limit", "2"}, []int{6, 5}, ""},
		{"json, none", []string{"--json", "--who", "nobody"}, []int{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := gavel(t, append([]string{"actions", "--archive", arch}, tc.args...)...)
			if code != 0 || errs != tc.more {
				t.Fatalf("exit %d, stderr %q, want %q", code, errs, tc.more)
			}
			var got []int
			if strings.Contains(strings.Join(tc.args, " "), "--json") {
				var acts []archive.Action
				if err := json.Unmarshal([]byte(out), &acts); err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
				for _, ac := range acts {
					got = append(got, itemNumber(t, ac.Text))
				}
			} else {
				for l := range strings.Lines(out) {
					got = append(got, itemNumber(t, l))
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.items) {
				t.Fatalf("listed %v, want %v\n%s", got, tc.items, out)
			}
		})
	}
}

// itemNumber is N of the "itemN" in s.
func itemNumber(t *testing.T, s string) int {
	t.Helper()
	_, after, ok := strings.Cut(s, "item")
	var n int
	if _, err := fmt.Sscanf(after, "%d", &n); !ok || err != nil {
		t.Fatalf("no item in %q", s)
	}
	return n
}

// The streamed JSON is byte for byte what encoding the whole slice gives.
func TestStreamJSONMatchesPrintJSON(t *testing.T) {
	arch := actionsArchive(t)
	a, err := archive.Open(arch)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	old := stdOut
	defer func() { stdOut = old }()
	for _, f := range []archive.ActionFilter{{}, {Who: "nobody"}, {Who: "bob", Limit: 1}} {
		acts, err := a.Actions(t.Context(), f)
		if err != nil {
			t.Fatal(err)
		}
		var want, got bytes.Buffer
		stdOut = &want
		printJSON(nonNil(acts))
		stdOut = &got
		if err := streamJSON(t.Context(), a, f); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("%+v: streamed\n%s\nwant\n%s", f, got.String(), want.String())
		}
	}
}
