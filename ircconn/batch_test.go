package ircconn

import (
	"fmt"
	"testing"
	"time"

	"github.com/lrstanley/girc"
)

// TestHistoryLineMarking: which channel lines count as replayed history,
// including malformed and hostile BATCH lines (never a panic, never a live
// line taken for history).
func TestHistoryLineMarking(t *testing.T) {
	joined := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	msg := func(tags string) string { return tags + " :bob!u@h PRIVMSG #c :hi" }
	cases := []struct {
		name    string
		batches []string // BATCH lines seen before
		line    string
		want    bool
	}{
		{"live, no tags", nil, ":bob!u@h PRIVMSG #c :hi", false},
		{"live, server time after join", nil, msg("@time=2026-12-01T12:00:01.000Z"), false},
		{"a server a little behind ours", nil, msg("@time=2026-12-01T11:59:58.000Z"), false},
		{"bouncer playback", nil, msg("@time=2026-12-01T11:00:00.000Z"), true},
		{"in a chathistory batch", []string{":srv BATCH +a chathistory #c"}, msg("@batch=a;time=2026-12-01T12:00:01.000Z"), true},
		{"in a draft/ batch type", []string{":srv BATCH +a draft/chathistory #c"}, msg("@batch=a"), true},
		{"in another batch type", []string{":srv BATCH +a netjoin"}, msg("@batch=a"), false},
		{"batch already closed", []string{":srv BATCH +a chathistory #c", ":srv BATCH -a"}, msg("@batch=a"), false},
		{"unknown batch ref", nil, msg("@batch=zz"), false},
		{"malformed BATCH lines", []string{":srv BATCH", ":srv BATCH +", ":srv BATCH -", ":srv BATCH +b", ":srv BATCH -nope"}, msg("@batch=b"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cn := &conn{c: &Client{}}
			for _, b := range tc.batches {
				cn.onBatch(*girc.ParseEvent(b))
			}
			if got := cn.historyLine(*girc.ParseEvent(tc.line), joined); got != tc.want {
				t.Fatalf("history %v, want %v", got, tc.want)
			}
		})
	}
	// A server opening batches without end cannot grow our table forever.
	cn := &conn{c: &Client{}}
	for i := range 10000 {
		cn.onBatch(*girc.ParseEvent(fmt.Sprintf(":srv BATCH +r%d chathistory #c", i)))
	}
	if len(cn.batches) > 64 {
		t.Fatalf("%d open batches kept", len(cn.batches))
	}
}
