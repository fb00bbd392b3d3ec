package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMinutesUndatedAndUnparsed: a log with no date is not filed under
// 1970-01-01 — gavel asks for --date, and files it there once given; lines
// it could not read are reported with their numbers, not dropped silently.
func TestMinutesUndatedAndUnparsed(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "standup.log.txt")
	os.WriteFile(log, []byte("21:00:01 <alice> #startmeeting standup\n21:00:02 <bob> hi\npasted without a time\n21:00:03 <alice> #endmeeting\n"), 0o600)
	out := filepath.Join(dir, "out")
	for _, tc := range []struct {
		args   []string
		code   int
		stderr []string
		filed  string
	}{
		{[]string{"minutes", "--out", out, log}, 1, []string{"1 line (3) could not be read as log lines", "no date in the log or its name: give it with --date"}, ""},
		{[]string{"minutes", log}, 0, []string{"1 line (3) could not be read", "the minutes say 1970-01-01: give --date"}, ""},
		{[]string{"minutes", "--date", "2026-03-04", "--out", out, log}, 0, []string{"1 line (3)"}, "2026-03-04"},
	} {
		code, _, stderr := gavel(t, tc.args...)
		if code != tc.code {
			t.Fatalf("%q: exit %d, want %d\n%s", tc.args, code, tc.code, stderr)
		}
		for _, want := range tc.stderr {
			if !strings.Contains(stderr, want) {
				t.Fatalf("%q: stderr lacks %q:\n%s", tc.args, want, stderr)
			}
		}
		var dates []string
		filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() && filepath.Dir(filepath.Dir(p)) == out {
				dates = append(dates, d.Name())
			}
			return nil
		})
		if strings.Join(dates, ",") != tc.filed {
			t.Fatalf("%q: filed under %q, want %q", tc.args, dates, tc.filed)
		}
	}
}

// TestImportUndatedAndUnparsed: gavel import skips an undated log with a
// request for --date (nothing filed under 1970-01-01), imports it with
// --date, and reports the lines it could not read.
func TestImportUndatedAndUnparsed(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "standup.log.txt")
	os.WriteFile(log, []byte("21:00:01 <alice> #startmeeting standup\n21:00:02 <bob> hi\npasted without a time\n21:00:03 <alice> #endmeeting\n"), 0o600)
	arch := filepath.Join(dir, "archive")
	code, _, stderr := gavel(t, "import", "--archive", arch, log)
	if code != 1 || !strings.Contains(stderr, "no date in the log or its name: give it with --date") {
		t.Fatalf("undated import: exit %d\n%s", code, stderr)
	}
	if m, _ := filepath.Glob(filepath.Join(arch, "*", "1970-01-01")); len(m) > 0 {
		t.Fatalf("filed under 1970-01-01: %v", m)
	}
	code, _, stderr = gavel(t, "import", "--archive", arch, "--date", "2026-03-04", log)
	if m, _ := filepath.Glob(filepath.Join(arch, "*", "2026-03-04", "*.json")); code != 0 || len(m) != 1 ||
		!strings.Contains(stderr, "1 line (3) could not be read as log lines") {
		t.Fatalf("import --date: exit %d, files %v\n%s", code, m, stderr)
	}
}
