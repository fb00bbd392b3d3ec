package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAmendAndHistoryCommands amends a meeting of the fixture archive as a
// chair would from the shell, then reads the trail back; bad input gets a
// clear error and changes nothing.
func TestAmendAndHistoryCommands(t *testing.T) {
	arch := fixtureArchive(t)
	_, out, _ := gavel(t, "search", "--archive", arch, "--json", "hangar")
	var res struct {
		Meetings []struct {
			Meeting struct {
				Base string `json:"meeting"`
			} `json:"meeting"`
		} `json:"meetings"`
	}
	if json.Unmarshal([]byte(out), &res) != nil || len(res.Meetings) != 1 {
		t.Fatalf("search: %s", out)
	}
	base := res.Meetings[0].Meeting.Base

	for _, tc := range []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"unknown meeting", []string{"#team/2099-01-01/nope", "--line", "6", "--void", "--why", "x"}, 1, "no meeting"},
		{"no item at the line", []string{base, "--line", "5", "--text", "x", "--why", "x"}, 1, "no item at that line 5 (items are at lines 4, 6)"},
		{"no reason", []string{base, "--line", "6", "--void"}, 2, "needs a reason"},
		{"two changes", []string{base, "--line", "6", "--void", "--redact", "--why", "x"}, 2, "say one change"},
		{"unknown type", []string{base, "--line", "6", "--type", "shrug", "--why", "x"}, 2, `unknown item type "SHRUG"`},
		{"no meeting named", []string{"--line", "6", "--void", "--why", "x"}, 2, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := gavel(t, append([]string{"amend", "--archive", arch}, tc.args...)...)
			if code != tc.code || !strings.Contains(errs, tc.err) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, tc.code, errs, tc.err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(arch, filepath.FromSlash(base)+".amendments.jsonl")); !os.IsNotExist(err) {
		t.Fatal("a refused amendment left a trail")
	}

	code, out, errs := gavel(t, "amend", "--archive", arch, base, "--line", "6", "--owners", "bob,carol", "--why", "carol helps", "--by", "alice")
	if code != 0 || !strings.Contains(out, "alice set the owners of line 6 to bob,carol (were bob) — carol helps") {
		t.Fatalf("amend owners: %d %s %s", code, out, errs)
	}
	code, out, errs = gavel(t, "amend", "--archive", arch, filepath.Join(arch, filepath.FromSlash(base)+".log.txt"), "--line", "5", "--redact", "--why", "private", "--by", "alice")
	if code != 0 || !strings.Contains(out, "alice redacted line 5 — private") {
		t.Fatalf("amend redact by file path: %d %s %s", code, out, errs)
	}
	if _, out, _ = gavel(t, "search", "--archive", arch, "--json", "hangar"); json.Unmarshal([]byte(out), &res) != nil || len(res.Meetings) != 0 {
		t.Fatalf("search still finds the redacted line: %s", out)
	}
	md, _ := os.ReadFile(filepath.Join(arch, filepath.FromSlash(base)+".md"))
	if !strings.Contains(string(md), "carol") || !strings.Contains(string(md), "amended by alice on") {
		t.Fatalf("minutes not regenerated:\n%s", md)
	}
	code, out, _ = gavel(t, "history", "--archive", arch, base)
	if code != 0 || !strings.Contains(out, "2 amendments") || !strings.Contains(out, "redacted line 5 — private") {
		t.Fatalf("history: %d %s", code, out)
	}
	code, out, _ = gavel(t, "history", "--archive", arch, "--json", base)
	var trail []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &trail) != nil || len(trail) != 2 || trail[1]["op"] != "redact" {
		t.Fatalf("history --json: %d %s", code, out)
	}
	code, _, errs = gavel(t, "history", "--archive", arch, "#team/nope")
	if code != 1 || !strings.Contains(errs, "no meeting") {
		t.Fatalf("history of an unknown meeting: %d %s", code, errs)
	}
}
