package recorder

import (
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/journal"
)

// TestAccountsJournalsNewsOnce: what WHO replies say of accounts is
// journaled when the meeting did not know it, once, and survives a restart
// (replayed from the journal, it is not journaled again).
func TestAccountsJournalsNewsOnce(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	r := open(t, dir, &fakeSender{}, &writes{}, false)
	who := []NickAccount{{"carol", "carol"}, {"dave", "dave"}}
	for range 2 {
		if _, err := r.Accounts(at, who); err != nil {
			t.Fatal(err)
		}
	}
	path := r.JournalPath()
	r.Close()
	r = open(t, dir, &fakeSender{}, &writes{}, false)
	if _, err := r.Accounts(at.Add(time.Minute), append(who, NickAccount{"carol", "carol2"})); err != nil {
		t.Fatal(err)
	}
	r.Close()
	_, lines, err := journal.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lines {
		if l.Kind == meeting.AccountSeen {
			got = append(got, l.Nick+"="+l.Account)
		}
	}
	if want := "carol=carol dave=dave carol=carol2"; strings.Join(got, " ") != want {
		t.Fatalf("journaled %q, want %q", strings.Join(got, " "), want)
	}
}
