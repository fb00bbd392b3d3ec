package archive

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadOnlyIndexServesSearch: an archive whose directory and index
// cannot be written still answers searches and listings, says so, and
// refuses writes with ErrReadOnly. Root ignores file permissions, so as
// root the reading half runs in a copy of this test binary as nobody.
func TestReadOnlyIndexServesSearch(t *testing.T) {
	if dir := os.Getenv("GAVEL_RO_ARCHIVE"); dir != "" {
		checkReadOnly(t, dir)
		return
	}
	root := t.TempDir()
	dir := filepath.Join(root, "archive")
	a, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	genLogs(t, src, 3, 160, 120)
	if _, err := a.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	if _, err := os.Stat(filepath.Join(dir, IndexName+"-wal")); err == nil {
		t.Fatal("the index's WAL was not checkpointed on close")
	}
	var dirs []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	os.Chmod(filepath.Join(dir, IndexName), 0o444)
	for _, d := range dirs {
		os.Chmod(d, 0o555)
	}
	t.Cleanup(func() {
		for _, d := range dirs {
			os.Chmod(d, 0o755)
		}
	})
	if os.Geteuid() != 0 {
		checkReadOnly(t, dir)
		return
	}
	// As root: run the check as nobody, from a copy of this binary that
	// nobody may execute.
	os.Chmod(root, 0o755)
	os.Chmod(filepath.Dir(root), 0o755)
	bin := filepath.Join(root, "archive.test")
	b, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run", "^TestReadOnlyIndexServesSearch$", "-test.v")
	cmd.Env = append(os.Environ(), "GAVEL_RO_ARCHIVE="+dir, "HOME=/", "XDG_CACHE_HOME=/nonexistent")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestReadOnlyIndexServesSearch") {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
}

func checkReadOnly(t *testing.T, dir string) {
	t.Helper()
	if f, err := os.OpenFile(filepath.Join(dir, IndexName), os.O_RDWR, 0); err == nil {
		f.Close()
		t.Fatal("the index is writable: the test cannot make it read-only here")
	}
	a, err := Open(dir)
	if err != nil {
		t.Fatalf("open a read-only index: %v", err)
	}
	defer a.Close()
	if !a.ReadOnly || !strings.Contains(a.Notice, "read-only") {
		t.Fatalf("ReadOnly %v, notice %q", a.ReadOnly, a.Notice)
	}
	if st, err := a.Refresh(ctx); err != nil || st.Added+st.Changed+st.Removed != 0 {
		t.Fatalf("refresh: %+v %v", st, err)
	}
	res, err := a.SearchMeetings(ctx, "proposal", SearchOptions{})
	if err != nil || len(res.Meetings) == 0 || len(res.Meetings[0].Hits) == 0 {
		t.Fatalf("search: %+v %v", res, err)
	}
	if ms, err := a.Meetings(ctx, MeetingFilter{}); err != nil || len(ms) != 3 {
		t.Fatalf("meetings: %d %v", len(ms), err)
	}
	acts, err := a.Actions(ctx, ActionFilter{})
	if err != nil || len(acts) == 0 {
		t.Fatalf("actions: %d %v", len(acts), err)
	}
	if _, err := a.MarkDone(ctx, acts[0].ID, "x", time.Now()); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("mark done on a read-only index: %v", err)
	}
	if _, err := a.Update(ctx, nil); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("update on a read-only index: %v", err)
	}
}
