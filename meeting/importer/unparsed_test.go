package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestUnparsed: lines inside a log that are neither log lines nor lines
// the format knowingly skips are counted with their numbers; headers,
// footers, blank lines and time-stamped events are not.
func TestUnparsed(t *testing.T) {
	for _, tc := range []struct {
		name  string
		log   string
		opts  Options
		lines int
		want  Unparsed
	}{
		{"meetbot with a pasted line", "--2012-04-02 download header\n21:00:01 <a> #startmeeting\n21:00:02 <b> hi\nthis was pasted\n\n21:00:03 <a> ok\ngarbage\n21:00:04 <b> done\nfooter\n",
			Options{Format: MeetBotText}, 4, Unparsed{Count: 2, First: []int{4, 7}}},
		{"a clean meetbot log", "21:00:01 <a> #startmeeting\n21:00:02 -!- mode/#c [+o a] by ChanServ\n21:00:03 <b> hi\n",
			Options{Format: MeetBotText}, 2, Unparsed{}},
		{"irssi meta lines are known", "--- Log opened Mon Apr 02 21:00:00 2012\n21:00 <a> hi\n--- Day changed Tue Apr 03 2012\n00:01 <a> late\n?? broken\n00:02 <a> later\n",
			Options{Format: Irssi}, 3, Unparsed{Count: 1, First: []int{5}}},
		{"weechat", "2012-04-02 21:00:01\ta\thi\nno tab or stamp\n2012-04-02 21:00:02\ta\tthere\n",
			Options{Format: WeeChat}, 2, Unparsed{Count: 1, First: []int{2}}},
		{"many", "21:00:00 <a> x\n" + strings.Repeat("junk\n", 9) + "21:00:01 <a> y\n",
			Options{Format: MeetBotText}, 2, Unparsed{Count: 9, First: []int{2, 3, 4, 5, 6}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, r := readAll(t, strings.NewReader(tc.log), tc.opts)
			if len(got) != tc.lines || !reflect.DeepEqual(r.Unparsed(), tc.want) {
				t.Fatalf("%d lines, unparsed %+v; want %d, %+v", len(got), r.Unparsed(), tc.lines, tc.want)
			}
		})
	}
	if s := (Unparsed{Count: 9, First: []int{2, 3, 4, 5, 6}}).String(); s != "9 lines (2, 3, 4, 5, 6, …)" {
		t.Fatalf("String: %q", s)
	}
}

// TestFixturesParseWhole: the logs in testdata have nothing unparsed
// (their HTML pages around the log included) but the one line of the
// MeetBot fixture put there on purpose.
func TestFixturesParseWhole(t *testing.T) {
	want := map[string]string{"testdata/meetbot.log.txt": "1 line (12)"}
	files, _ := filepath.Glob("testdata/*.*")
	for _, f := range files {
		fh, err := OpenFile(f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for fh.Next() {
			n++
		}
		fh.Close()
		if u := fh.Unparsed(); u.String() != want[f] || n == 0 || fh.Err() != nil {
			t.Errorf("%s: %d lines, unparsed %v, err %v", f, n, u, fh.Err())
		}
	}
}

// zeros is an endless line.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestContextStopsAnEndlessLine: a cancel stops a Reader in the middle of
// an endless line (in detection and after), with the context's error.
func TestContextStopsAnEndlessLine(t *testing.T) {
	for _, format := range []Format{Auto, MeetBotText} {
		ctx, cancel := context.WithCancel(context.Background())
		r := New(zeros{}, Options{Format: format, Date: time.Now(), Context: ctx})
		done := make(chan bool)
		go func() { done <- r.Next() }()
		time.Sleep(50 * time.Millisecond)
		cancel()
		select {
		case got := <-done:
			if got || !errors.Is(r.Err(), context.Canceled) {
				t.Fatalf("%v: Next %v, Err %v", format, got, r.Err())
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%v: still reading 5 s after the cancel", format)
		}
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		f, err := OpenFile("/dev/zero", Options{Context: ctx})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if f.Next() || !errors.Is(f.Err(), context.DeadlineExceeded) {
			t.Fatalf("/dev/zero: %v", f.Err())
		}
	}
}
