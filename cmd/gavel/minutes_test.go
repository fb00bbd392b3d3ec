package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeLog(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const smallLog = `10:00:00 <alice> #startmeeting Weekly
10:00:05 <alice> #topic Budget
10:00:09 <bob> #action bob files the report
10:00:12 <alice> #agreed spend less
10:01:00 <alice> #endmeeting
`

func TestMinutesCommand(t *testing.T) {
	log := writeLog(t, "team-2026-02-03.log.txt", smallLog)
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string
		stderr   []string
		noStdout bool
	}{
		{"markdown by default", []string{"minutes", log}, 0, []string{"# #team: Weekly", "### 1. Budget", "**AGREED**: spend less", "- **bob**"}, nil, false},
		{"json", []string{"minutes", "--format", "json", "--channel", "#ops", "--name", "Ops Sync", log}, 0,
			[]string{`"channel": "#ops"`, `"name": "ops_sync"`, `"owners":["bob"]`}, nil, false},
		{"txt", []string{"minutes", "--format", "txt", log}, 0, []string{"Meeting summary", "Action Items", "People Present (lines said)"}, nil, false},
		{"missing file", []string{"minutes", "/no/such/log.txt"}, 1, nil, []string{"no such file"}, true},
		{"bad format", []string{"minutes", "--format", "pdf", log}, 2, nil, []string{"pdf"}, true},
		{"all needs out", []string{"minutes", "--format", "all", log}, 2, nil, []string{"--out"}, true},
		{"no args", []string{"minutes"}, 2, nil, nil, true},
		{"bad date", []string{"minutes", "--date", "02/03/2026", log}, 2, nil, []string{"YYYY-MM-DD"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := gavel(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
			compact := strings.Join(strings.Fields(out), " ")
			for _, want := range tc.stdout {
				if !strings.Contains(out, want) && !strings.Contains(compact, strings.Join(strings.Fields(want), " ")) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			for _, want := range tc.stderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q: %s", want, errOut)
				}
			}
			if tc.noStdout && out != "" {
				t.Errorf("unexpected stdout: %s", out)
			}
		})
	}
}

func TestMinutesNoMeetingAndUnfinished(t *testing.T) {
	empty := writeLog(t, "chat.log.txt", "10:00:00 <alice> hello\n10:00:01 <bob> hi\n")
	code, _, errOut := gavel(t, "minutes", "--date", "2026-01-01", empty)
	if code != 1 || !strings.Contains(errOut, "no meeting found") {
		t.Fatalf("no meeting: %d %q", code, errOut)
	}
	open := writeLog(t, "x.log.txt", "10:00:00 <alice> #startmeeting\n10:00:05 <bob> #info still going\n")
	code, out, errOut := gavel(t, "minutes", "--date", "2026-01-01", open)
	if code != 0 || !strings.Contains(errOut, "unfinished") || !strings.Contains(out, "Unfinished") {
		t.Fatalf("unfinished: %d %q\n%s", code, errOut, out)
	}
	// one bad log among good ones: the good ones are still processed
	good := writeLog(t, "good-2026-02-03.log.txt", smallLog)
	code, out, errOut = gavel(t, "minutes", empty, good)
	if code != 1 || !strings.Contains(out, "spend less") || !strings.Contains(errOut, "1 of 2 logs failed") {
		t.Fatalf("mixed: %d %q\n%s", code, errOut, out)
	}
}

func TestMinutesOutLayoutAndParallel(t *testing.T) {
	dir := t.TempDir()
	var logs []string
	for _, name := range []string{"a-2026-01-01.log.txt", "b-2026-01-02.log.txt", "c-2026-01-03.log.txt"} {
		logs = append(logs, writeLog(t, name, smallLog))
	}
	code, out, errOut := gavel(t, append([]string{"minutes", "--format", "all", "--out", dir}, logs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	paths := strings.Fields(out)
	if len(paths) != 18 {
		t.Fatalf("%d paths written:\n%s", len(paths), out)
	}
	want := filepath.Join(dir, "b", "2026-01-02", "weekly.2026-01-02-10.00.json")
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatalf("zodbot layout: %v\n%s", err, out)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil || m["channel"] != "#b" {
		t.Fatalf("json: %v %v", err, m["channel"])
	}
	// output order follows the arguments
	if !strings.Contains(paths[0], "/a/") || !strings.Contains(paths[17], "/c/") {
		t.Fatalf("order: %v", paths)
	}
}

// TestMinutesSeeds checks the command on the real MeetBot logs.
func TestMinutesSeeds(t *testing.T) {
	heat := filepath.Join("..", "..", "..", "shared", "seeds", "heat-2012-04-02.log.txt")
	if _, err := os.Stat(heat); err != nil {
		t.Skip("../shared/seeds is not beside this checkout")
	}
	code, out, errOut := gavel(t, "minutes", "--format", "json", heat)
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	var m struct {
		Topics []struct {
			Title string
			Items []struct{ Type string }
		}
		Actions []struct{ Owners []string }
		People  []struct {
			Nick  string
			Lines int
		}
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	agreed := 0
	for _, tp := range m.Topics {
		for _, it := range tp.Items {
			if it.Type == "AGREED" {
				agreed++
			}
		}
	}
	if len(m.Topics) != 5 || agreed != 9 || len(m.Actions) != 7 || m.People[0].Nick != "funzo" || m.People[0].Lines != 150 {
		t.Fatalf("topics %d agreed %d actions %d people %v", len(m.Topics), agreed, len(m.Actions), m.People)
	}
}
