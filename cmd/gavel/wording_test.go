package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		noun string
		want string
	}{
		{0, "line", "0 lines"}, {1, "line", "1 line"}, {2, "meeting", "2 meetings"},
		{1, "match", "1 match"}, {3, "match", "3 matches"}, {2, "box", "2 boxes"},
	} {
		if got := count(tc.n, tc.noun); got != tc.want {
			t.Errorf("count(%d, %q) = %q, want %q", tc.n, tc.noun, got, tc.want)
		}
	}
}

// TestSummaryWording: counts read as English and a failure is said once
// ("1 of 0 files" and a repeated "no matches" are gone).
func TestSummaryWording(t *testing.T) {
	t.Setenv("GAVEL_CONFIG", filepath.Join(t.TempDir(), "none.toml"))
	arch := filepath.Join(t.TempDir(), "archive")
	code, out, errOut := gavel(t, "import", "--archive", arch, filepath.Join(t.TempDir(), "missing.log.txt"))
	if code != 1 || strings.Contains(errOut, "of 0") || !strings.Contains(errOut, "1 file could not be imported") ||
		!strings.Contains(out, "0 files read, 0 meetings imported") || !strings.Contains(out, "1 file skipped") {
		t.Fatalf("import of a missing file: %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = gavel(t, "search", "--archive", arch, "zeppelin")
	if code != 1 || out != "" || strings.Count(errOut, "no matches") != 1 {
		t.Fatalf("search without hits: %d %q %q", code, out, errOut)
	}
	code, out, _ = gavel(t, "index", "--archive", arch)
	if code != 0 || !strings.HasPrefix(out, "0 meetings: ") {
		t.Fatalf("index: %d %q", code, out)
	}
}
