package journal

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRotateNeverClobbers: two meetings filed under the same done name
// (same channel, same second) both survive, each whole.
func TestRotateNeverClobbers(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "live.jsonl")
	j, _, err := Open(p, Header{Channel: "#c"})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	done := filepath.Join(dir, "done", "m.2026-05-01-12.00.00.jsonl")
	want := []string{done, filepath.Join(dir, "done", "m.2026-05-01-12.00.00.2.jsonl"), filepath.Join(dir, "done", "m.2026-05-01-12.00.00.3.jsonl")}
	for i, w := range want {
		if err := j.Append(sample()[:i+1]...); err != nil {
			t.Fatal(err)
		}
		got, err := j.Rotate(done)
		if err != nil || got != w {
			t.Fatalf("rotate %d: %q %v, want %q", i, got, err, w)
		}
	}
	for i, w := range want {
		_, lines, err := ReadFile(w)
		if err != nil || len(lines) != i+1 {
			t.Fatalf("%s: %d lines, %v", w, len(lines), err)
		}
	}
	j.Append(sample()[0])
	_, cur, err := ReadFile(p)
	if err != nil || len(cur) != 1 {
		t.Fatalf("fresh journal: %d %v", len(cur), err)
	}
	if _, err := os.Stat(p + ".new"); !os.IsNotExist(err) {
		t.Fatalf("temporary file left: %v", err)
	}
}
