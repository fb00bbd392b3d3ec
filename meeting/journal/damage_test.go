package journal

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
)

const hdr = `{"gavel_journal":1,"channel":"#c"}` + "\n"

// rec is one encoded record.
func rec(t testing.TB, l meeting.Line) string {
	t.Helper()
	var b bytes.Buffer
	if err := encode(&b, l); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestDamageIsSetAside: whatever is wrong in a journal, Open succeeds with
// every good line, keeps the bad bytes verbatim in .corrupt with their
// offsets, and leaves a clean journal that the next append extends.
func TestDamageIsSetAside(t *testing.T) {
	in := sample()
	r0, r1, r2 := rec(t, in[0]), rec(t, in[1]), rec(t, in[2])
	for _, tc := range []struct {
		name    string
		file    string
		want    []meeting.Line
		bad     []string // verbatim bad bytes, in order
		at      []int    // and their offsets
		records int
		header  bool // the original header survives
	}{
		{"garbage line in the middle", hdr + r0 + "not json\n" + r1, in[:2], []string{"not json\n"}, []int{len(hdr + r0)}, 1, true},
		{"two runs of garbage", hdr + "x\ny\n" + r0 + "{\"t\":1}\n" + r1 + r2, in[:3], []string{"x\ny\n", "{\"t\":1}\n"}, []int{len(hdr), len(hdr + "x\ny\n" + r0)}, 3, true},
		{"unknown kind", hdr + r0 + `{"t":"2026-05-01T12:00:00Z","n":"a","k":"teleport"}` + "\n" + r1, in[:2], []string{`{"t":"2026-05-01T12:00:00Z","n":"a","k":"teleport"}` + "\n"}, []int{len(hdr + r0)}, 1, true},
		{"torn tail", hdr + r0 + r1[:20], in[:1], []string{r1[:20]}, []int{len(hdr + r0)}, 1, true},
		{"bad header", "garbage\n" + r0 + r1, in[:2], []string{"garbage\n"}, []int{0}, 1, false},
		{"no header", r0 + r1, in[:2], nil, nil, 0, false},
		{"empty lines", hdr + "\n" + r0 + "\n\n" + r1, in[:2], []string{"\n", "\n\n"}, []int{len(hdr), len(hdr + "\n" + r0)}, 3, true},
		{"NUL bytes from a crash", hdr + r0 + "\x00\x00\x00\x00\n" + r1, in[:2], []string{"\x00\x00\x00\x00\n"}, []int{len(hdr + r0)}, 1, true},
		{"torn but whole record", hdr + r0 + strings.TrimSuffix(r1, "\n"), in[:2], nil, nil, 0, true},
		{"line longer than the bound", hdr + r0 + strings.Repeat("z", maxRecord+10) + "\n" + r1, in[:2], []string{strings.Repeat("z", maxRecord+10) + "\n"}, []int{len(hdr + r0)}, 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "c.jsonl")
			os.WriteFile(p, []byte(tc.file), 0o600)
			j, got, err := Open(p, Header{Channel: "#fallback"})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("lines\n%+v\nwant\n%+v", got, tc.want)
			}
			d := j.Damage()
			if d.Records != tc.records || d.Err != nil {
				t.Fatalf("damage %+v, want %d records", d, tc.records)
			}
			aside, _ := os.ReadFile(p + ".corrupt")
			at := 0
			for k, b := range tc.bad {
				off := strconv.Itoa(tc.at[k])
				i := bytes.Index(aside[at:], []byte("byte "+off+", "+strconv.Itoa(len(b))+" bytes"))
				if i < 0 {
					t.Fatalf(".corrupt does not give offset %s:\n%.300q", off, aside)
				}
				at += i
				i = bytes.Index(aside[at:], []byte(":\n"+b))
				if i < 0 {
					t.Fatalf(".corrupt lacks %.40q after its offset:\n%.300q", b, aside)
				}
				at += i + len(b)
			}
			if len(tc.bad) == 0 && len(aside) != 0 {
				t.Fatalf("nothing was bad but .corrupt has %q", aside)
			}
			extra := meeting.Line{Time: in[3].Time, Nick: "late", Text: "after the damage"}
			if err := j.Append(extra); err != nil {
				t.Fatal(err)
			}
			j.Close()
			h, all, err := ReadFile(p)
			if err != nil || !reflect.DeepEqual(all, append(tc.want[:len(tc.want):len(tc.want)], extra)) {
				t.Fatalf("after append: %+v %v", all, err)
			}
			if wantCh := map[bool]string{true: "#c", false: "#fallback"}[tc.header]; h.Channel != wantCh {
				t.Fatalf("header %+v, want channel %s", h, wantCh)
			}
			// Clean now: a second open finds nothing to set aside.
			j2, again, err := Open(p, Header{})
			if err != nil || len(again) != len(tc.want)+1 || j2.Damage().Records != 0 {
				t.Fatalf("reopen: %d lines, %+v, %v", len(again), j2.Damage(), err)
			}
			j2.Close()
			data, _ := os.ReadFile(p)
			if !bytes.HasSuffix(data, []byte("\n")) || bytes.Contains(data, []byte("\n\n")) {
				t.Fatalf("journal not clean:\n%q", data)
			}
		})
	}
}
