package journal

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/tmpfs"
	"github.com/gavel-irc/gavel/meeting"
)

// TestAppendOnAFullDisk: on a real full file system Append fails without
// leaving a torn record, and once space returns the same lines go in
// whole, in order, after everything before.
func TestAppendOnAFullDisk(t *testing.T) {
	dir := tmpfs.Mount(t, "256k")
	p := PathFor(dir, "net", "#c")
	j, _, err := Open(p, Header{Channel: "#c"})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	line := func(i int) meeting.Line {
		return meeting.Line{Time: time.Unix(int64(i), 0).UTC(), Nick: "n", Text: fmt.Sprintf("line %d %s", i, bytes.Repeat([]byte("x"), 100))}
	}
	var want []meeting.Line
	for i := range 50 {
		want = append(want, line(i))
		if err := j.Append(line(i)); err != nil {
			t.Fatal(err)
		}
	}
	free := tmpfs.Fill(t, dir)
	// The journal's last page may still have room: append until it fails.
	// The first failure is usually a partial write into that room.
	i := 50
	before, _ := os.ReadFile(p)
	for ; j.Append(line(i)) == nil; i++ {
		want = append(want, line(i))
		if i > 200 {
			t.Fatal("the disk never filled")
		}
		before, _ = os.ReadFile(p)
	}
	if after, _ := os.ReadFile(p); !bytes.Equal(after, before) {
		t.Fatalf("a failed append changed the journal: %d -> %d bytes", len(before), len(after))
	}
	held := []meeting.Line{line(i), line(i + 1)}
	for range 3 {
		err := j.Append(held...)
		if !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("append on a full disk: %v", err)
		}
		if after, _ := os.ReadFile(p); !bytes.Equal(after, before) {
			t.Fatalf("a failed append changed the journal: %d -> %d bytes", len(before), len(after))
		}
	}
	free()
	if err := j.Append(held...); err != nil {
		t.Fatal(err)
	}
	want = append(want, held...)
	_, got, err := ReadFile(p)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("after space returned: %d lines (want %d), %v", len(got), len(want), err)
	}
}

// TestOpenOnAFullDisk: a fresh journal on a full disk still opens; its
// header goes in with the first record that fits.
func TestOpenOnAFullDisk(t *testing.T) {
	dir := tmpfs.Mount(t, "256k")
	os.MkdirAll(dir+"/net", 0o700)
	os.WriteFile(dir+"/net/#c.jsonl.lock", nil, 0o600)
	free := tmpfs.Fill(t, dir)
	p := PathFor(dir, "net", "#c")
	j, _, err := Open(p, Header{Channel: "#c"})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if err := j.Append(sample()[0]); err == nil {
		t.Fatal("append succeeded on a full disk")
	}
	free()
	if err := j.Append(sample()[0]); err != nil {
		t.Fatal(err)
	}
	h, got, err := ReadFile(p)
	if err != nil || h.Channel != "#c" || len(got) != 1 {
		t.Fatalf("header %+v lines %d err %v", h, len(got), err)
	}
}
